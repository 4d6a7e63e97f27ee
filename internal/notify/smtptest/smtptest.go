// Package smtptest is a small SMTP server for tests, like net/http/httptest:
// it speaks enough of RFC 5321 for the SMTP sender (EHLO, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT, no TLS), keeps what it accepted and refuses recipients as
// a test tells it to, with the reply text a real server would send. mailpit
// (mailpittest) is the sink for what real mail looks like; this is for
// replies mailpit cannot be made to give, and it needs no binary.
package smtptest

import (
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data string // headers and body as received, dot-unstuffed
}

// Server listens on a loopback port until the test ends.
type Server struct {
	Host string
	Port int

	mu     sync.Mutex
	msgs   []Message
	refuse func(rcpt string) string
}

// Refuse has f answer each RCPT TO from now on: a full reply such as
// "550 5.1.1 <bob@example.com>: Recipient address rejected" refuses the
// recipient, "" accepts it. nil accepts every recipient.
func (s *Server) Refuse(f func(rcpt string) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = f
}

// Start runs a server and closes it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &Server{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port}
	var wg sync.WaitGroup
	t.Cleanup(func() { _ = l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { s.serve(conn) })
		}
	})
	return s
}

// Messages returns what the server accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// serve holds one SMTP conversation.
func (s *Server) serve(conn net.Conn) {
	defer conn.Close()
	tp := textproto.NewConn(conn)
	reply := func(lines ...string) bool { return tp.PrintfLine("%s", strings.Join(lines, "\r\n")) == nil }
	if !reply("220 smtptest ESMTP ready") {
		return
	}
	var m Message
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			reply("250-smtptest", "250-8BITMIME", "250 ENHANCEDSTATUSCODES")
		case "HELO":
			reply("250 smtptest")
		case "MAIL":
			m = Message{From: address(arg)}
			reply("250 2.1.0 OK")
		case "RCPT":
			rcpt := address(arg)
			s.mu.Lock()
			refuse := s.refuse
			s.mu.Unlock()
			if refuse != nil {
				if r := refuse(rcpt); r != "" {
					reply(r)
					continue
				}
			}
			m.To = append(m.To, rcpt)
			reply("250 2.1.5 OK")
		case "DATA":
			if len(m.To) == 0 {
				reply("554 5.5.1 no valid recipients")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.Data = string(data)
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			n := len(s.msgs)
			s.mu.Unlock()
			m = Message{}
			reply("250 2.0.0 queued as " + strconv.Itoa(n))
		case "RSET":
			m = Message{}
			reply("250 2.0.0 OK")
		case "NOOP":
			reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 command not implemented")
		}
	}
}

// address takes the path out of "FROM:<a@b> SIZE=1" or "TO:<a@b>".
func address(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.IndexByte(rest, '>'); strings.HasPrefix(rest, "<") && i > 0 {
		return rest[1:i]
	}
	path, _, _ := strings.Cut(rest, " ")
	return path
}
