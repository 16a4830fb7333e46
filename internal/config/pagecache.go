package config

import "fmt"

// DefaultPageCacheMB is the default memory of the page cache: some
// thousands of pages, the home page, the busy events and the feeds.
const DefaultPageCacheMB = 64

// validatePageCache checks --page-cache-mb: 0 (off) to 16 GiB.
func (c *Config) validatePageCache() error {
	if c.PageCacheMB < 0 || c.PageCacheMB > 16384 {
		return fmt.Errorf("--page-cache-mb %d: want 0 (off) to 16384", c.PageCacheMB)
	}
	return nil
}

// PageCacheBytes is the page cache's bound in bytes (0: off).
func (c Config) PageCacheBytes() int64 { return int64(c.PageCacheMB) << 20 }
