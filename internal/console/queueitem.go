package console

import (
	"net/http"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/people"
)

// queueItem is an item's place in its queue as its page shows it (the
// "queue-holder" and "queue-claim" partials): who holds it, when it is
// due, whether the person may claim it, and whether they hold it (or, an
// administrator, act for its holder): then they may give it back and do
// its work.
type queueItem struct {
	Path, Words, ID  string
	Claimed, Due     string
	Overdue          bool
	CanClaim, Holder bool
}

// Key is the queue's own message key of name ("claim": review.claim).
func (i queueItem) Key(name string) string { return i.Words + "." + name }

// item is the item id's place in q for the person signed in: open while it
// is to be done; claimedBy (an actor id) and claimedName say who holds it,
// "" nobody. Its holder or an administrator may give it back.
func (q workQueue) item(r *http.Request, id string, open bool, claimedBy, claimedName string, due time.Time, overdue bool) queueItem {
	me, _ := actor.From(r.Context())
	return queueItem{Path: q.path, Words: q.words, ID: id, Claimed: claimedName, Due: stamp(due), Overdue: overdue,
		CanClaim: open && claimedBy == "", Holder: open && claimedBy != "" && (claimedBy == me.ID || me.Role == actor.Admin)}
}

// queueStep is one row of an item's history (the "queue-history"
// partial) or its parcel's events: when, what, who (or where).
type queueStep struct {
	at            time.Time
	At, What, Who string
}

func step(at time.Time, what, who string) queueStep {
	return queueStep{at: at, At: stamp(at), What: what, Who: who}
}

func stamp(t time.Time) string { return t.UTC().Format(time.DateTime + " UTC") }

// formAgain shows an item's page v (template name) again after one of its
// forms was refused: what was typed kept, each problem at its input. The
// forms share inputs such as "note", each named "<form>.note" after the
// form's key input (its outcome, its action): a problem at one of own is
// shown at the sent form's.
func (c *Console) formAgain(w http.ResponseWriter, r *http.Request, s people.Session, name string, v view, key string, status int, err error, own ...string) {
	for k := range r.PostForm {
		v.Form[k] = r.PostForm.Get(k)
	}
	form := r.PostForm.Get(key)
	v.Errors = map[string]string{}
	for path, msg := range fieldErrors(s.Person.Locale, err) {
		if slices.Contains(own, path) {
			path = form + "." + path
		}
		v.Errors[path] = msg
	}
	c.render(w, r, status, name, v)
}
