package review

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// TestClaimRace has two reviewers claim each of many tasks at the same
// moment: exactly one must win every time, and the other must be told who.
func TestClaimRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const rounds = 30
		names := map[actor.Role]string{actor.CustomerService: "test customer_service", cs2: "second reviewer"}
		wins := map[actor.Role]int{}
		for round := range rounds {
			_, taskID := f.openTask(Kinds[round%len(Kinds)], "")
			type answer struct {
				role   actor.Role
				status int
				body   map[string]any
				err    error
			}
			answers := make(chan answer, 2)
			var ready sync.WaitGroup
			ready.Add(1)
			for _, role := range []actor.Role{actor.CustomerService, cs2} {
				go func() {
					ready.Wait()
					status, body, err := post(f.srv.URL+"/v1/review-tasks/"+taskID+"/claim", f.srv.Keys[role])
					answers <- answer{role, status, body, err}
				}()
			}
			ready.Done()
			a, b := <-answers, <-answers
			require.NoError(t, a.err)
			require.NoError(t, b.err)
			if a.status != 200 {
				a, b = b, a
			}
			require.Equal(t, []int{200, 409}, []int{a.status, b.status}, "round %d: %v / %v", round, a.body, b.body)
			wins[a.role]++
			require.Equal(t, f.actorID(a.role), a.body["assignee"])
			require.Equal(t, "claimed", a.body["status"])
			require.Contains(t, b.body["detail"], names[a.role], "the loser is told who holds the task")
			require.Contains(t, b.body["detail"], f.actorID(a.role))

			got, err := f.store.Task(f.ctx, taskID)
			require.NoError(t, err)
			require.Equal(t, f.actorID(a.role), got.Assignee)
			require.Equal(t, []string{"review_task.claim"}, f.auditActions(taskID), "one claim, one audit entry")
		}
		require.Equal(t, rounds, wins[actor.CustomerService]+wins[cs2])
		t.Logf("wins: %v", wins)
	})
}

// post sends an empty POST with key; it is safe to call from goroutines.
func post(url, key string) (int, map[string]any, error) {
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, err
	}
	var body map[string]any
	err = json.Unmarshal(raw, &body)
	return res.StatusCode, body, err
}

func TestClaimAndRelease(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const cs, admin = actor.CustomerService, actor.Admin
		_, taskID := f.openTask(VerifyAddress, "call the customer")
		path := "/v1/review-tasks/" + taskID

		before := f.snapshot()
		f.do(actor.Warehouse, "POST", path+"/claim", "", 403)
		f.do(actor.Finance, "GET", path, "", 403)
		f.do("", "POST", path+"/claim", "", 401)
		f.do(cs, "POST", "/v1/review-tasks/rtk_NOPE/claim", "", 404)
		f.do(cs, "POST", path+"/release", "", 409)
		require.Equal(t, before, f.snapshot(), "refusals write nothing")

		res := f.do(cs, "POST", path+"/claim", "", 200)
		require.Equal(t, "test customer_service", res.Body["assignee_name"])
		require.NotEmpty(t, res.Body["claimed_at"])
		f.do(cs, "POST", path+"/claim", "", 200) // one's own claim again
		res = f.do(cs2, "POST", path+"/release", "", 403)
		require.Contains(t, res.Body["detail"], "test customer_service")
		f.do(cs2, "POST", path+"/claim", "", 409)

		res = f.do(cs, "POST", path+"/release", "", 200)
		require.Equal(t, "open", res.Body["status"])
		require.Equal(t, "", res.Body["assignee"])
		require.Nil(t, res.Body["claimed_at"])
		f.do(cs2, "POST", path+"/claim", "", 200)
		f.do(admin, "POST", path+"/release", "", 200) // an administrator covers for an absent reviewer
		f.do(admin, "POST", path+"/claim", "", 200)

		require.Equal(t, []string{"review_task.claim", "review_task.release", "review_task.claim", "review_task.release",
			"review_task.claim"}, f.auditActions(taskID))
		res = f.do(cs, "GET", path, "", 200)
		require.Equal(t, f.actorID(admin), res.Body["assignee"])
	})
}
