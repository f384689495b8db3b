package config

import (
	"strings"
	"testing"
)

func TestKeepPublications(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.KeepPublications != 10 {
		t.Fatalf("default: %d, %v", c.KeepPublications, err)
	}
	c, err = Load(env(map[string]string{"KEEP_PUBLICATIONS": "3"}))
	if err != nil || c.KeepPublications != 3 {
		t.Fatalf("KEEP_PUBLICATIONS=3: %d, %v", c.KeepPublications, err)
	}
	for _, bad := range []string{"0", "-1", "dziesięć", "1001"} {
		if _, err := Load(env(map[string]string{"KEEP_PUBLICATIONS": bad})); err == nil || !strings.Contains(err.Error(), "KEEP_PUBLICATIONS") {
			t.Errorf("KEEP_PUBLICATIONS=%s: %v", bad, err)
		}
	}
}
