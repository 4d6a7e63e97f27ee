package notify

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The parts of mailpit's API (/api/v1) the tests read.
type mpAddress struct{ Name, Address string }

type mpSummary struct {
	ID, MessageID, Subject string
	To                     []mpAddress
}

type mpMessage struct {
	ID, MessageID, Subject, Text, HTML string
	From                               mpAddress
	To                                 []mpAddress
	Date                               time.Time
}

func (mp *mailpit) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(mp.API + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, path)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
}

// waitFor returns every stored message with the Message-ID, polling briefly
// because mailpit stores a message just after it answers 250.
func (mp *mailpit) waitFor(t *testing.T, messageID string, want int) []mpMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		var list struct{ Messages []mpSummary }
		mp.getJSON(t, "/api/v1/messages?limit=500", &list)
		var found []mpMessage
		for _, s := range list.Messages {
			if s.MessageID == messageID {
				var m mpMessage
				mp.getJSON(t, "/api/v1/message/"+s.ID, &m)
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

func (mp *mailpit) headers(t *testing.T, id string) map[string][]string {
	t.Helper()
	var h map[string][]string
	mp.getJSON(t, "/api/v1/message/"+id+"/headers", &h)
	return h
}

func (mp *mailpit) count(t *testing.T) int {
	t.Helper()
	var list struct{ Total int }
	mp.getJSON(t, "/api/v1/messages", &list)
	return list.Total
}
