package audit

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// Register adds the read-only audit log operation. There is deliberately no
// operation that changes the log.
func Register(api *httpapi.API, d *db.DB) {
	type listIn struct {
		httpapi.PageParams
		Entity   string `query:"entity" maxLength:"64" doc:"Only entries about this kind of thing, e.g. product"`
		EntityID string `query:"entity_id" maxLength:"64"`
		Actor    string `query:"actor" maxLength:"64" doc:"Only entries by this actor id (key_… or cli)"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-audit-log", Method: http.MethodGet, Path: "/v1/audit-log",
		Summary: "Read the audit log, newest first", Tags: []string{"Access"},
	}, []actor.Role{actor.Admin}, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Entry] }, error) {
		after, err := httpapi.DecodeCursor(in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, err := List(ctx, d, Filter{Entity: in.Entity, EntityID: in.EntityID, Actor: in.Actor, After: after, Limit: in.Limit + 1})
		if err != nil {
			return nil, err
		}
		return &struct{ Body *httpapi.Page[Entry] }{httpapi.NewPage(rows, in.Limit, func(e Entry) string { return e.ID })}, nil
	})
}
