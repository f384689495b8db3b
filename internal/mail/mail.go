// Package mail sends the portal's e-mail through an SMTP server: plain-text
// Polish messages (with an optional HTML alternative), UTF-8 throughout,
// with the headers a mail system expects (Date, Message-ID, encoded
// Subject).
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail to one recipient.
type Message struct {
	// To is the recipient's address ("name <address>" or a bare address).
	To      string
	Subject string
	// Text is the plain-text body; every message has one.
	Text string
	// HTML, when set, is sent as an alternative to Text.
	HTML string
}

// Mailer sends messages through one SMTP server. It holds no connection:
// each Send dials, sends and hangs up, which suits a few reminders a day.
type Mailer struct {
	host     string
	port     int
	implicit bool // smtps: TLS from the first byte
	user     string
	password string
	from     *netmail.Address
	// tlsConfig, when set, replaces the default (system roots, the host's
	// name); the tests trust their own certificate through it.
	tlsConfig *tls.Config
}

// timeout bounds one delivery: dialling, the SMTP conversation and the
// data.
const timeout = 20 * time.Second

// New returns a Mailer for the server at smtpURL, sending as from.
//
// smtp://[user:password@]host[:port] talks plain SMTP on port 587 unless
// told otherwise and upgrades with STARTTLS: when a password is given the
// upgrade is required (a password never crosses the network in clear), else
// it is used when the server offers it. smtps:// starts with TLS, on port
// 465 unless told otherwise. The error never repeats the password.
func New(smtpURL, from string) (*Mailer, error) {
	u, err := url.Parse(smtpURL)
	if err != nil {
		return nil, errors.New("SMTP address: want smtp://user:password@host:587 or smtps://user:password@host:465")
	}
	m := &Mailer{host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		m.port = 587
	case "smtps":
		m.port, m.implicit = 465, true
	default:
		return nil, fmt.Errorf("SMTP address: scheme %q, want smtp or smtps", u.Scheme)
	}
	if m.host == "" {
		return nil, errors.New("SMTP address: no host")
	}
	if p := u.Port(); p != "" {
		if m.port, err = strconv.Atoi(p); err != nil || m.port < 1 || m.port > 65535 {
			return nil, fmt.Errorf("SMTP address: port %q", p)
		}
	}
	if u.User != nil {
		m.user = u.User.Username()
		m.password, _ = u.User.Password()
	}
	if m.from, err = netmail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("sender %q: %w", from, err)
	}
	return m, nil
}

// From is the sender's address.
func (m *Mailer) From() string { return m.from.Address }

// Send delivers msg, or returns why it could not: a refused connection, a
// failed TLS upgrade or sign-in, a rejected recipient.
func (m *Mailer) Send(ctx context.Context, msg Message) error {
	gm, err := m.compose(msg)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(m.port), gomail.WithTimeout(timeout)}
	if m.implicit {
		opts = append(opts, gomail.WithSSL())
	} else if m.password != "" {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if m.password != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(m.user), gomail.WithPassword(m.password))
	}
	if m.tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(m.tlsConfig))
	}
	c, err := gomail.NewClient(m.host, opts...)
	if err != nil {
		return fmt.Errorf("mail client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, gm); err != nil {
		return fmt.Errorf("send mail to %s through %s:%d: %w", msg.To, m.host, m.port, err)
	}
	return nil
}

// compose builds the message with its headers.
func (m *Mailer) compose(msg Message) (*gomail.Msg, error) {
	if strings.TrimSpace(msg.Text) == "" {
		return nil, errors.New("mail: a message needs a text body")
	}
	gm := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP),
		gomail.WithNoDefaultUserAgent())
	gm.FromMailAddress(m.from)
	if err := gm.To(msg.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", msg.To, err)
	}
	gm.Subject(msg.Subject)
	gm.SetDate()
	id, err := messageID(m.from.Address)
	if err != nil {
		return nil, err
	}
	gm.SetMessageIDWithValue(id)
	gm.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		gm.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	return gm, nil
}

// messageID is a unique id on the sender's domain, so replies and bounces
// can be told apart without revealing the server's host name.
func messageID(from string) (string, error) {
	domain := from[strings.LastIndexByte(from, '@')+1:]
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("message id: %w", err)
	}
	return hex.EncodeToString(b) + "@" + domain, nil
}
