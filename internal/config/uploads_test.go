package config

import (
	"strings"
	"testing"
)

// TestUploadSettings: the picture and upload limits have their defaults,
// come from flags, variables and the file, and out-of-range values are
// refused naming the flag.
func TestUploadSettings(t *testing.T) {
	c, err := load(t, nil, "")
	if err != nil || c.ImageBudgetMB != 64 || c.ImageDecoders != 2 || c.ImageWait != 5 || c.UploadLimitAccount != 60 ||
		c.UploadLimitIP != 200 || c.UploadLimitAnonymous != 3 || c.UploadLimitInstance != 30 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = load(t, map[string]string{"CORTEGE_IMAGE_DECODERS": "1"}, "image_budget_mb = 128\nupload_limit_anonymous = 1\n", "--upload-limit-ip", "50")
	if err != nil || c.ImageDecoders != 1 || c.ImageBudgetMB != 128 || c.UploadLimitAnonymous != 1 || c.UploadLimitIP != 50 {
		t.Fatalf("set: %+v %v", c, err)
	}
	for _, bad := range [][]string{{"--image-budget-mb", "4"}, {"--image-decoders", "0"}, {"--image-wait", "600"}, {"--upload-limit-account", "0"}} {
		if _, err := load(t, nil, "", bad...); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
