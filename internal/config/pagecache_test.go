package config

import (
	"strings"
	"testing"
)

// TestPageCacheSetting: the page cache has its default, is set by flag,
// variable or file, 0 turns it off, and a negative size is refused naming
// the flag.
func TestPageCacheSetting(t *testing.T) {
	c, err := load(t, nil, "")
	if err != nil || c.PageCacheMB != DefaultPageCacheMB || c.PageCacheBytes() != DefaultPageCacheMB<<20 {
		t.Fatalf("default: %d %v", c.PageCacheMB, err)
	}
	for _, tc := range []struct {
		env  map[string]string
		file string
		args []string
		want int
	}{
		{args: []string{"--page-cache-mb", "0"}, want: 0},
		{env: map[string]string{"CORTEGE_PAGE_CACHE_MB": "128"}, want: 128},
		{file: "page_cache_mb = 8\n", want: 8},
	} {
		c, err := load(t, tc.env, tc.file, tc.args...)
		if err != nil || c.PageCacheMB != tc.want {
			t.Errorf("%+v: %d %v", tc, c.PageCacheMB, err)
		}
	}
	if _, err := load(t, nil, "", "--page-cache-mb", "-1"); err == nil || !strings.Contains(err.Error(), "--page-cache-mb") {
		t.Errorf("negative: %v", err)
	}
}
