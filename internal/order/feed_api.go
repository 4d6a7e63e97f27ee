package order

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// FeedPage is one answer of the changes feed. NextCursor is always set:
// a poller stores it and sends it back as after=, even when Items is empty.
type FeedPage struct {
	Items      []FeedEvent `json:"items" nullable:"false"`
	NextCursor string      `json:"next_cursor" doc:"Where to continue: send it back as after= (store it with what you did with the items)"`
}

// FeedReaders may poll the changes feed: the systems that integrate with
// Waybill, and finance, whose ERP consumes the events.
var FeedReaders = []actor.Role{actor.Admin, actor.Integration, actor.Finance}

// registerFeed adds GET /v1/events.
func registerFeed(api *httpapi.API, s *Store) {
	type feedIn struct {
		After string `query:"after" maxLength:"4096" doc:"next_cursor of the previous answer; empty starts at the first event"`
		Limit int    `query:"limit" minimum:"1" maximum:"1000" default:"100" doc:"Events per answer"`
	}
	httpapi.Register(api, huma.Operation{OperationID: "list-events", Method: http.MethodGet, Path: "/v1/events",
		Tags: []string{"Events"}, Summary: "The changes feed: every order event, oldest first",
		Description: "Order events (placed, confirmed, held, released, cancelled, payment changes …) in a stable order. " +
			"A poller that stores next_cursor and sends it back as after= sees every event exactly once, in order, " +
			"even while orders change concurrently. Events appear as soon as they are committed; events committed " +
			"in the same moment come in the order their transactions began."}, FeedReaders,
		func(ctx context.Context, in *feedIn) (*struct{ Body FeedPage }, error) {
			after, err := ParseFeedCursor("query.after", in.After)
			if err != nil {
				return nil, err
			}
			items, next, err := s.Feed(ctx, after, in.Limit)
			if err != nil {
				return nil, err
			}
			if items == nil {
				items = []FeedEvent{}
			}
			return &struct{ Body FeedPage }{FeedPage{Items: items, NextCursor: next.Cursor()}}, nil
		})
}
