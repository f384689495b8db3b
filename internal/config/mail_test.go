package config

import (
	"strings"
	"testing"
)

func TestLoadMailDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL != "" || c.MailFrom != DefaultMailFrom || c.VerifyMonths != 12 {
		t.Errorf("SMTPURL=%q MailFrom=%q VerifyMonths=%d", c.SMTPURL, c.MailFrom, c.VerifyMonths)
	}
}

func TestLoadMail(t *testing.T) {
	c, err := Load(env(map[string]string{
		"SMTP_URL": "smtps://bank:tajne@poczta.example.org:465", "MAIL_FROM": "Bank NGO <bank@example.org>",
		"VERIFY_MONTHS": "6",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL != "smtps://bank:tajne@poczta.example.org:465" || c.MailFrom != "Bank NGO <bank@example.org>" || c.VerifyMonths != 6 {
		t.Errorf("got %+v", c)
	}
}

func TestLoadRejectsBadMail(t *testing.T) {
	for _, e := range []map[string]string{
		{"SMTP_URL": "http://tajne@poczta.example.org"},
		{"SMTP_URL": "smtp://"},
		{"SMTP_URL": "smtp://u:tajne@poczta.example.org:99999"},
		{"SMTP_URL": "poczta.example.org:25"},
		{"MAIL_FROM": "nie adres"},
		{"VERIFY_MONTHS": "0"},
		{"VERIFY_MONTHS": "dwanaście"},
	} {
		_, err := Load(env(e))
		if err == nil {
			t.Errorf("%v accepted", e)
			continue
		}
		if strings.Contains(err.Error(), "tajne") {
			t.Errorf("%v: the error shows the password: %v", e, err)
		}
	}
}
