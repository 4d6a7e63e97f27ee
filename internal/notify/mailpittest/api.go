package mailpittest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The parts of mailpit's API (/api/v1) the tests read.
type Address struct{ Name, Address string }

// Summary is a message as mailpit lists it.
type Summary struct {
	ID, MessageID, Subject string
	To                     []Address
}

// Message is one stored message as mailpit returns it.
type Message struct {
	ID, MessageID, Subject, Text, HTML string
	From                               Address
	To                                 []Address
	Date                               time.Time
}

// GetJSON reads a mailpit API path into v.
func (mp *Server) GetJSON(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(mp.API + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, path)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
}

// waitFor returns every stored message with the Message-ID, polling briefly
// because mailpit stores a message just after it answers 250.
func (mp *Server) WaitFor(t testing.TB, messageID string, want int) []Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		var list struct{ Messages []Summary }
		mp.GetJSON(t, "/api/v1/messages?limit=500", &list)
		var found []Message
		for _, s := range list.Messages {
			if s.MessageID == messageID {
				var m Message
				mp.GetJSON(t, "/api/v1/message/"+s.ID, &m)
				found = append(found, m)
			}
		}
		if len(found) >= want {
			return found
		}
		select {
		case <-ctx.Done():
			t.Fatalf("message %s: %d of %d arrived", messageID, len(found), want)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Headers returns the raw headers of message id.
func (mp *Server) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	var h map[string][]string
	mp.GetJSON(t, "/api/v1/message/"+id+"/headers", &h)
	return h
}

// Count returns how many messages mailpit holds.
func (mp *Server) Count(t testing.TB) int {
	t.Helper()
	var list struct{ Total int }
	mp.GetJSON(t, "/api/v1/messages", &list)
	return list.Total
}
