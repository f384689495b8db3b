package accounts

import "testing"

func TestRoleValid(t *testing.T) {
	tests := []struct {
		role Role
		want bool
	}{
		{Administrator, true},
		{Editor, true},
		{"", false},
		{"admin", false},
		{"editor", false},
		{"Administrator", false},
		{"redaktor ", false},
	}
	for _, tt := range tests {
		if got := tt.role.Valid(); got != tt.want {
			t.Errorf("Role(%q).Valid() = %v, want %v", tt.role, got, tt.want)
		}
	}
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("Roles holds invalid %q", r)
		}
	}
}

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		role, required Role
		want           bool
	}{
		{Administrator, Administrator, true},
		{Administrator, Editor, true},
		{Editor, Editor, true},
		{Editor, Administrator, false},
		{"", Editor, false},
		{"", Administrator, false},
		{"superuser", Editor, false},
		{"superuser", Administrator, false},
		{Administrator, "", false},
		{Administrator, "superuser", false},
		{Editor, "", false},
	}
	for _, tt := range tests {
		if got := tt.role.Allows(tt.required); got != tt.want {
			t.Errorf("Role(%q).Allows(%q) = %v, want %v", tt.role, tt.required, got, tt.want)
		}
	}
}
