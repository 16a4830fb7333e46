package config

import "fmt"

// validatePetitions checks the signing limits (positive) and the
// retention of signers' data (a day to ten years).
func (c *Config) validatePetitions() error {
	for _, r := range []struct {
		flag     string
		v, lo, h int
	}{
		{"--sign-limit-ip", c.SignLimitIP, 1, 1_000_000},
		{"--sign-limit-petition", c.SignLimitPetition, 1, 100_000_000},
		{"--signature-retention-days", c.SignatureRetentionDay, 1, 3653},
	} {
		if r.v < r.lo || r.v > r.h {
			return fmt.Errorf("%s %d: want %d to %d", r.flag, r.v, r.lo, r.h)
		}
	}
	return nil
}
