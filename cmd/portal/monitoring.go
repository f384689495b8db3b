package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/councilpdf"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/mail"
	"github.com/mopr-leszno/portal/internal/server"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
)

// seedPeriods gives the bundled cards' years their year periods, closed
// with the cards' own figures (see store.SeedPeriods).
func seedPeriods(ctx context.Context, s *store.Store, parsed []namedCard, stdout io.Writer) error {
	var years []int
	for _, p := range parsed {
		years = append(years, p.card.Task.Years...)
	}
	slices.Sort(years)
	years = slices.Compact(years)
	cat, err := i18n.New()
	if err != nil {
		return err
	}
	pl := cat.Localizer("pl")
	made, err := s.SeedPeriods(ctx, years, time.Now(), func(sn *strategy.Snapshot) ([]byte, error) { return councilpdf.Render(sn, pl.T) })
	if err != nil {
		return fmt.Errorf("reporting periods: %w", err)
	}
	if len(made) > 0 {
		fmt.Fprintf(stdout, "closed the reporting periods %v with the cards' figures\n", made)
	}
	return nil
}

// monitoringReminders is `portal monitoring-reminders`: it e-mails the
// reminders due today (before a period ends, and when a report is late),
// each once; run it daily (cron, a systemd timer). Without SMTP_URL it
// lists them, as the dashboard does.
func monitoringReminders(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	s, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if cfg.SMTPURL == "" {
		due, err := s.DueReminders(ctx, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "SMTP_URL is not set: %d reminders are listed on the dashboard (/admin), none sent\n", len(due))
		for _, d := range due {
			fmt.Fprintf(stdout, "%s\t%s %s\t%s\t%s\n", d.Period, d.Number, d.Title, d.Kind, d.Email)
		}
		return nil
	}
	m, err := mail.New(cfg.SMTPURL, cfg.MailFrom)
	if err != nil {
		return err
	}
	cat, err := i18n.New()
	if err != nil {
		return err
	}
	n, err := server.SendMonitoringReminders(ctx, s, m, cat.Localizer("pl"), cfg.BaseURL, time.Now())
	fmt.Fprintf(stdout, "sent %d reminders\n", n)
	return err
}
