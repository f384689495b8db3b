package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// sink is a real SMTP server on the loopback, keeping what it receives.
type sink struct {
	addr     string
	received chan received
	// password, when set, is the only one PLAIN sign-in accepts.
	user, password string
}

type received struct {
	from string
	to   []string
	data []byte
	user string // who signed in, if anyone
}

type session struct {
	s   *sink
	msg received
}

func (s *session) Reset()        { s.msg = received{user: s.msg.user} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.s.password != "" && s.msg.user == "" {
		return smtp.ErrAuthRequired
	}
	s.msg.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = b
	s.s.received <- s.msg
	return nil
}
func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.s.user || pass != s.s.password {
			return errors.New("bad credentials")
		}
		s.msg.user = user
		return nil
	}), nil
}

// startSink serves SMTP on a free loopback port until the test ends. With
// cert it offers STARTTLS (implicit: TLS from the start) and, with a
// password, requires PLAIN sign-in.
func startSink(t *testing.T, cert *tls.Certificate, implicit bool, user, password string) *sink {
	t.Helper()
	k := &sink{received: make(chan received, 4), user: user, password: password}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: k}, nil }))
	srv.Domain = "sink.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = cert == nil
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cert != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
		if implicit {
			l = tls.NewListener(l, srv.TLSConfig)
		}
	}
	k.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return k
}

func (k *sink) wait(t *testing.T) received {
	t.Helper()
	select {
	case m := <-k.received:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message arrived at the sink")
		return received{}
	}
}

func (k *sink) none(t *testing.T) {
	t.Helper()
	select {
	case m := <-k.received:
		t.Errorf("a message arrived: %s", m.data)
	default:
	}
}

const (
	subject = "Prośba o aktualizację danych — Stowarzyszenie „Źdźbło”"
	body    = "Dzień dobry,\n\nprosimy o sprawdzenie danych: https://bank.example.org/zglos/abc\n\nZażółć gęślą jaźń.\n"
)

func TestSendPlainText(t *testing.T) {
	k := startSink(t, nil, false, "", "")
	m, err := New("smtp://"+k.addr, "MOPR Leszno <no-reply@mopr.example.org>")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), Message{To: "biuro@zdzblo.example.org", Subject: subject, Text: body}); err != nil {
		t.Fatal(err)
	}
	got := k.wait(t)
	if got.from != "no-reply@mopr.example.org" || len(got.to) != 1 || got.to[0] != "biuro@zdzblo.example.org" {
		t.Errorf("envelope from %q to %q", got.from, got.to)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(got.data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if raw := h.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
		t.Errorf("Subject not encoded for 7-bit transport: %q", raw)
	}
	if s, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); err != nil || s != subject {
		t.Errorf("Subject = %q, %v; want %q", s, err, subject)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Name != "MOPR Leszno" || from[0].Address != "no-reply@mopr.example.org" {
		t.Errorf("From = %q (%v)", h.Get("From"), err)
	}
	if to, err := h.AddressList("To"); err != nil || to[0].Address != "biuro@zdzblo.example.org" {
		t.Errorf("To = %q (%v)", h.Get("To"), err)
	}
	if d, err := h.Date(); err != nil || time.Since(d).Abs() > time.Minute {
		t.Errorf("Date = %q (%v)", h.Get("Date"), err)
	}
	if id := h.Get("Message-ID"); !regexp.MustCompile(`^<[0-9a-f]{32}@mopr\.example\.org>$`).MatchString(id) {
		t.Errorf("Message-ID = %q", id)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("Content-Type = %q", h.Get("Content-Type"))
	}
	if got := decode(t, h.Get("Content-Transfer-Encoding"), msg.Body); got != strings.ReplaceAll(body, "\n", "\r\n") {
		t.Errorf("body = %q, want %q", got, body)
	}
	for _, b := range got.data {
		if b >= 0x80 {
			t.Fatal("raw message has 8-bit bytes; want it encoded for 7-bit transport")
		}
	}
}

func TestSendWithHTMLAlternative(t *testing.T) {
	k := startSink(t, nil, false, "", "")
	m, err := New("smtp://"+k.addr, "no-reply@mopr.example.org")
	if err != nil {
		t.Fatal(err)
	}
	html := "<p>Zażółć <a href=\"https://bank.example.org/zglos/abc\">gęślą jaźń</a></p>"
	if err := m.Send(context.Background(), Message{To: "a@example.org", Subject: "Łódź", Text: body, HTML: html}); err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(k.wait(t).data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q", msg.Header.Get("Content-Type"))
	}
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[pt] = decode(t, p.Header.Get("Content-Transfer-Encoding"), p)
	}
	if !strings.Contains(parts["text/plain"], "Zażółć gęślą jaźń.") || parts["text/html"] != html {
		t.Errorf("parts = %q", parts)
	}
}

func TestSendReportsRefusedConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	m, err := New("smtp://"+addr, "no-reply@mopr.example.org")
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "x"})
	if err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("error = %v; want it to say the connection was refused", err)
	}
}

func TestPasswordNeverInClear(t *testing.T) {
	k := startSink(t, nil, false, "bank", "tajne-hasło")
	m, err := New("smtp://bank:tajne-has%C5%82o@"+k.addr, "no-reply@mopr.example.org")
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "x"})
	if err == nil {
		t.Fatal("sent with a password to a server without STARTTLS")
	}
	if !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("error = %v; want it to say STARTTLS is required", err)
	}
	if strings.Contains(err.Error(), "tajne") {
		t.Errorf("the error shows the password: %v", err)
	}
	k.none(t)
}

func TestSignInOverTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	for _, implicit := range []bool{false, true} {
		k := startSink(t, &cert, implicit, "bank", "tajne-hasło")
		scheme := "smtp"
		if implicit {
			scheme = "smtps"
		}
		m, err := New(scheme+"://bank:tajne-has%C5%82o@"+k.addr, "no-reply@mopr.example.org")
		if err != nil {
			t.Fatal(err)
		}
		m.tlsConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
		if err := m.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "treść"}); err != nil {
			t.Fatalf("%s: %v", scheme, err)
		}
		if got := k.wait(t); got.user != "bank" {
			t.Errorf("%s: signed in as %q", scheme, got.user)
		}
	}
}

func TestNewRejectsBadAddresses(t *testing.T) {
	for _, c := range [][2]string{
		{"http://example.org", "a@example.org"},
		{"smtp://", "a@example.org"},
		{"smtp://example.org:0", "a@example.org"},
		{"smtp://example.org", "nie adres"},
	} {
		if _, err := New(c[0], c[1]); err == nil {
			t.Errorf("New(%q, %q) accepted", c[0], c[1])
		}
	}
}

func TestSendRejectsBadMessage(t *testing.T) {
	m, err := New("smtp://127.0.0.1:1", "a@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []Message{{To: "nie adres", Text: "x"}, {To: "b@example.org", Text: " "}} {
		if err := m.Send(context.Background(), msg); err == nil || strings.Contains(err.Error(), "refused") {
			t.Errorf("%+v: error %v; want the message refused before dialling", msg, err)
		}
	}
}

func decode(t *testing.T, cte string, r io.Reader) string {
	t.Helper()
	if strings.EqualFold(cte, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sink.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
