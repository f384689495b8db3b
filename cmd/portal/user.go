package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/directory"
)

// user manages staff accounts from the command line; `user add` creates
// the first administrator of a new installation.
func user(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("user: want `user add --email E --role administrator|redaktor`")
	}
	fl := flag.NewFlagSet("user add", flag.ContinueOnError)
	fl.SetOutput(stderr)
	email := fl.String("email", "", "the account's e-mail address (its login)")
	role := fl.String("role", string(accounts.Editor), "administrator or redaktor")
	name := fl.String("name", "", "the person's name")
	generate := fl.Bool("generate", false, "generate the password instead of reading it from standard input")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	// Checked as given, then normalised: see accounts.ParseEmail.
	normalised, msg := accounts.ParseEmail(*email)
	if msg != "" {
		return fmt.Errorf("user add: --email %q is not an e-mail address", *email)
	}
	u := &accounts.User{Email: normalised, Name: strings.TrimSpace(*name), Role: accounts.Role(*role)}
	if directory.CheckText(u.Name, false, 200, false) != "" {
		return fmt.Errorf("user add: --name %q holds characters a name cannot have, or is too long", *name)
	}
	if !u.Role.Valid() {
		return fmt.Errorf("user add: --role %q: want administrator or redaktor", *role)
	}

	password := ""
	if !*generate {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("user add: read the password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	printed := false
	if password == "" {
		password, printed = accounts.GeneratePassword(), true
	} else if err := accounts.CheckPassword(password, u.Email, u.Name); err != nil {
		return fmt.Errorf("user add: the password is refused (%s): at least 12 characters, not a common password, not your name or e-mail", err)
	}
	hash, err := accounts.HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	// A generated password has been on a screen: its owner replaces it.
	u.MustChangePassword = printed

	s, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateUser(ctx, u, accounts.Audit{ActorEmail: "portal user add"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s (%s).\n", u.Email, u.Role)
	if printed {
		fmt.Fprintf(stdout, "Password (shown once; to be changed at first sign-in): %s\n", password)
	}
	if u.NeedsTOTP() {
		fmt.Fprintln(stdout, "Administrators set up two-factor sign-in (an authenticator app) at first sign-in.")
	}
	fmt.Fprintln(stdout, "Sign in at /admin/logowanie.")
	return nil
}
