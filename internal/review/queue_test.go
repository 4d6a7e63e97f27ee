package review

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
)

func TestQueue(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d)
		const cs = actor.CustomerService
		_, verify := f.openTask(VerifyAddress, "") // due start+4h
		clk.Advance(time.Hour)
		_, payment := f.openTask(PaymentMismatch, "")           // due start+3h
		specialOrder, special := f.openTask(SpecialRequest, "") // due start+25h
		tieOrder := f.addOrder()
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error { // two tasks due at the same moment
			return f.store.Open(f.ctx, tx, NewTask{OrderID: tieOrder, Kind: CouponCase}, NewTask{OrderID: tieOrder, Kind: RiskReview})
		}))
		tied, err := f.store.List(f.ctx, Filter{OrderID: tieOrder, Limit: 5})
		require.NoError(t, err)
		require.Len(t, tied, 2)
		require.Equal(t, tied[0].DueAt, tied[1].DueAt)
		coupon, risky := tied[0].ID, tied[1].ID
		if tied[0].Kind != CouponCase {
			coupon, risky = risky, coupon
		}
		f.do(cs, "POST", "/v1/review-tasks/"+verify+"/claim", "", 200)
		f.do(cs2, "POST", "/v1/review-tasks/"+coupon+"/claim", "", 200)
		f.do(cs, "POST", "/v1/review-tasks/"+risky+"/claim", "", 200)
		f.do(cs, "POST", "/v1/review-tasks/"+risky+"/decide", `{"outcome":"approve"}`, 200)
		byDue := append([]string{payment, verify}, tied[0].ID, tied[1].ID, special)

		list := func(role actor.Role, query string) []string {
			t.Helper()
			res := f.do(role, "GET", "/v1/review-tasks?"+query, "", 200)
			var ids []string
			for _, it := range res.Body["items"].([]any) {
				ids = append(ids, it.(map[string]any)["id"].(string))
			}
			return ids
		}
		clk.Advance(3 * time.Hour) // start+4h: payment is late, verify due this instant
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", byDue},
			{"status=open", []string{payment, special}},
			{"status=claimed", []string{verify, coupon}},
			{"status=done", []string{risky}},
			{"kind=coupon_case", []string{coupon}},
			{"assignee=me", []string{verify, risky}},
			{"assignee=me&status=claimed", []string{verify}},
			{"assignee=" + url.QueryEscape(f.actorID(cs2)), []string{coupon}},
			{"order_id=" + specialOrder, []string{special}},
			{"order_id=" + tieOrder + "&status=done&kind=risk_review", []string{risky}},
			{"overdue=true", []string{payment}},
			{"overdue=false", byDue},
			{"kind=verify_address&status=open", nil},
		} {
			require.Equal(t, c.want, list(cs, c.query), c.query)
		}
		require.Equal(t, []string{coupon}, list(cs2, "assignee=me"), "me is whoever asks")

		clk.Advance(time.Microsecond)
		require.Equal(t, []string{payment, verify}, list(cs, "overdue=true"), "due_at has passed by a microsecond")
		clk.Advance(6 * time.Hour) // start+10h: the tied pair is due, but one of them is done
		require.Equal(t, []string{payment, verify, coupon}, list(cs, "overdue=true"))
		res := f.do(actor.Admin, "GET", "/v1/review-tasks/"+coupon, "", 200)
		require.Equal(t, true, res.Body["overdue"])
		res = f.do(actor.Admin, "GET", "/v1/review-tasks/"+risky, "", 200)
		require.Equal(t, false, res.Body["overdue"], "a done task is never overdue")

		// Every page size walks the queue in the same order, ties included.
		for limit := 1; limit <= 6; limit++ {
			var got []string
			query := "limit=" + strconv.Itoa(limit)
			for pages := 0; ; pages++ {
				require.Less(t, pages, 6)
				res := f.do(cs, "GET", "/v1/review-tasks?"+query, "", 200)
				for _, it := range res.Body["items"].([]any) {
					got = append(got, it.(map[string]any)["id"].(string))
				}
				next, ok := res.Body["next_cursor"].(string)
				if !ok {
					break
				}
				query = "limit=" + strconv.Itoa(limit) + "&cursor=" + next
			}
			require.Equal(t, byDue, got, "limit %d", limit)
		}

		for _, q := range []string{"cursor=***", "cursor=" + httpapi.EncodeCursor("nope"),
			"cursor=" + httpapi.EncodeCursor(start.Format(time.RFC3339)+" "), "status=lost",
			"kind=phone", "overdue=maybe", "limit=0", "colour=red"} {
			res := f.srv.Do(cs, "GET", "/v1/review-tasks?"+q, "")
			require.Equal(t, 422, res.Status, "%s: %s", q, res.Raw)
			require.Len(t, res.Fields, 1, q)
			require.True(t, strings.HasPrefix(res.Fields[0], "query."), "%s: %v", q, res.Fields)
		}
		f.do(actor.Warehouse, "GET", "/v1/review-tasks", "", 403)
		f.do(cs, "GET", "/v1/review-tasks/rtk_NOPE", "", 404)
	})
}
