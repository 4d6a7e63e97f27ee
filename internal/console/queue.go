package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/waybill/waybill/internal/people"
)

// A work queue is claimable work that people take in turn: the review
// tasks, the exception cases. Its screens behave alike, so they are one:
// the queue page (filtered by kind and by whose, soonest due first, paged
// with the operation's cursor, an open item claimed from its row), claim
// and give back, an item's claim panel and history, a refused form shown
// again. A queue says only what differs: its paths, words and store calls.
type workQueue struct {
	path   string // the queue page; an item's page is path + "/" + id
	words  string // the prefix of the queue's own messages ("review": review.title, review.none ...)
	notice string // the prefix of its actions' done notices ("review": done.review_claimed)

	kinds     []string // the kinds the filter offers
	kindWords string   // the prefix of the kinds' words ("review.kind.")
	columns   []string // the message keys of the rows' own columns, between the kind and who holds it

	// list reads one page of the queue under f, in locale's words: its
	// rows and the next page's cursor ("" on the last); a cursor it cannot
	// read is errBadCursor.
	list func(r *http.Request, locale string, f queueFilter) (rows []queueRow, next string, err error)
	// claim and release are the store's calls; failed answers their
	// refusals (and the item page's) in the person's words.
	claim, release func(ctx context.Context, id string) error
	failed         func(w http.ResponseWriter, r *http.Request, s people.Session, id string, err error)
}

// errBadCursor is a queue's page link that its list cannot read.
var errBadCursor = errors.New("console: a queue's page link that cannot be read")

// queueWhos are the "whose" filter's choices beside every item not done
// (""): the unclaimed ones, or the person's own.
var queueWhos = []string{"unclaimed", "mine"}

// queueFilter is a queue page's filter as its address carries it.
type queueFilter struct{ Kind, Who, Cursor string }

// queueRow is one item of a queue's page, formatted for people: Cells are
// the queue's own columns.
type queueRow struct {
	ID, OrderID, OrderNumber, Kind string
	Cells                          []string
	Claimed, Due                   string
	Overdue                        bool
}

// queueData is the queue page's data: the rows, the filter's choices and
// the links to the next and first pages (keeping the filter).
type queueData struct {
	Path, Words       string
	Columns           []string
	Rows              []queueRow
	Kinds, Whos       []choice
	NextURL, FirstURL string
}

// Key is the queue's own message key of name ("none": review.none).
func (d queueData) Key(name string) string { return d.Words + "." + name }

// queuePage lists the items not done, soonest due first, under the
// address's filter; a filter or page link the queue does not know is 400.
func (c *Console) queuePage(q workQueue) func(http.ResponseWriter, *http.Request, people.Session) {
	return func(w http.ResponseWriter, r *http.Request, s people.Session) {
		locale := s.Person.Locale
		qs := r.URL.Query()
		f := queueFilter{Kind: qs.Get("kind"), Who: qs.Get("who"), Cursor: qs.Get("cursor")}
		var rows []queueRow
		next, err := "", errBadCursor
		if (f.Who == "" || slices.Contains(queueWhos, f.Who)) && (f.Kind == "" || slices.Contains(q.kinds, f.Kind)) {
			rows, next, err = q.list(r, locale, f)
		}
		switch {
		case errors.Is(err, errBadCursor):
			c.refuse(w, r, s, http.StatusBadRequest, text(locale, q.words+".filter_invalid"))
			return
		case err != nil:
			c.internal(w, r, locale, err)
			return
		}
		data := queueData{Path: q.path, Words: q.words, Columns: q.columns, Rows: rows,
			Kinds: choices(locale, q.kindWords, q.kinds), Whos: choices(locale, "queue.who.", queueWhos)}
		filter := url.Values{}
		for k, v := range map[string]string{"kind": f.Kind, "who": f.Who} {
			if v != "" {
				filter.Set(k, v)
			}
		}
		if f.Cursor != "" {
			data.FirstURL = q.path + "?" + filter.Encode()
		}
		if next != "" {
			filter.Set("cursor", next)
			data.NextURL = q.path + "?" + filter.Encode()
		}
		c.render(w, r, http.StatusOK, "queue", view{Locale: locale, Title: text(locale, q.words+".title"), Person: &s.Person,
			Can: c.can(s.Person.Role), Form: map[string]string{"kind": f.Kind, "who": f.Who}, Data: data})
	}
}

// queueClaim gives the open item to the person (claiming one's own again
// is harmless) and shows it, where the work now waits.
func (c *Console) queueClaim(q workQueue) func(http.ResponseWriter, *http.Request, people.Session) {
	return func(w http.ResponseWriter, r *http.Request, s people.Session) {
		id := r.PathValue("id")
		if err := q.claim(r.Context(), id); err != nil {
			q.failed(w, r, s, id, err)
			return
		}
		done(w, r, q.path+"/"+id, q.notice+"_claimed")
	}
}

// queueRelease gives a claimed item back to the queue: only its holder or
// an administrator may.
func (c *Console) queueRelease(q workQueue) func(http.ResponseWriter, *http.Request, people.Session) {
	return func(w http.ResponseWriter, r *http.Request, s people.Session) {
		id := r.PathValue("id")
		if err := q.release(r.Context(), id); err != nil {
			q.failed(w, r, s, id, err)
			return
		}
		done(w, r, q.path, q.notice+"_released")
	}
}

// errOnly is a store's call on an item that answers the changed item, as
// a queue's claim and release want it: the error alone (the item's page is
// read again after the redirect).
func errOnly[T any](call func(context.Context, string) (T, error)) func(context.Context, string) error {
	return func(ctx context.Context, id string) error {
		_, err := call(ctx, id)
		return err
	}
}

// choices are a filter's options in locale, for the "select" partial.
func choices(locale, prefix string, values []string) []choice {
	out := make([]choice, len(values))
	for i, v := range values {
		out[i] = choice{Value: v, Label: word(locale, prefix, v)}
	}
	return out
}

// refuse shows a refusal (not found, a state that forbids the action)
// with the person's navigation kept.
func (c *Console) refuse(w http.ResponseWriter, r *http.Request, s people.Session, status int, message string) {
	locale := s.Person.Locale
	title := text(locale, "error.title")
	if status == http.StatusForbidden {
		title = text(locale, "error.forbidden_title")
	}
	c.render(w, r, status, "error", view{Locale: locale, Title: title, Person: &s.Person, Can: c.can(s.Person.Role), Data: message})
}

var queueMessages = map[string]map[string]string{
	"en": {
		"queue.who":           "Whose",
		"queue.who.unclaimed": "unclaimed",
		"queue.who.mine":      "claimed by me",
		"queue.filter_submit": "Filter",
		"queue.claim_short":   "Claim",
		"queue.overdue":       "overdue",
		"queue.unclaimed":     "nobody yet",
		"queue.release":       "Give back to the queue",
		"queue.when":          "When",
		"queue.what":          "What",
		"queue.by":            "By",
	},
	"zh": {
		"queue.who":           "归属",
		"queue.who.unclaimed": "未认领",
		"queue.who.mine":      "我认领的",
		"queue.filter_submit": "筛选",
		"queue.claim_short":   "认领",
		"queue.overdue":       "已超时",
		"queue.unclaimed":     "尚无人认领",
		"queue.release":       "退回队列",
		"queue.when":          "时间",
		"queue.what":          "内容",
		"queue.by":            "操作人",
	},
}
