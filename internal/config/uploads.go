package config

import "fmt"

// validateUploads checks the limits of picture processing: a budget
// between 8 MiB (a 2-megapixel RGBA picture) and 1 GiB, one to eight
// decoders, a wait of at most a minute, positive upload limits.
func (c *Config) validateUploads() error {
	for _, r := range []struct {
		flag     string
		v, lo, h int
	}{
		{"--image-budget-mb", c.ImageBudgetMB, 8, 1024},
		{"--image-decoders", c.ImageDecoders, 1, 8},
		{"--image-wait", c.ImageWait, 0, 60},
		{"--upload-limit-account", c.UploadLimitAccount, 1, 1_000_000},
		{"--upload-limit-ip", c.UploadLimitIP, 1, 1_000_000},
		{"--upload-limit-anonymous", c.UploadLimitAnonymous, 1, 1_000_000},
		{"--upload-limit-anonymous-instance", c.UploadLimitInstance, 1, 1_000_000},
	} {
		if r.v < r.lo || r.v > r.h {
			return fmt.Errorf("%s %d: want %d to %d", r.flag, r.v, r.lo, r.h)
		}
	}
	return nil
}
