package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/people"
)

// reviewClaim gives the open task to the person, as claim-review-task
// does; claiming a task one holds already is harmless. Back to the task,
// where the decisions now wait.
func (c *Console) reviewClaim(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Review.Claim(r.Context(), id); err != nil {
		c.reviewFailed(w, r, s, id, err)
		return
	}
	done(w, r, "/review/"+id, "review_claimed")
}

// reviewRelease gives a claimed task back to the queue, as
// release-review-task does: only its holder or an administrator may.
func (c *Console) reviewRelease(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Review.Release(r.Context(), id); err != nil {
		c.reviewFailed(w, r, s, id, err)
		return
	}
	done(w, r, "/review", "review_released")
}

var reviewClaimMessages = map[string]map[string]string{
	"en": {
		"done.review_claimed":  "The task is yours now; decide it below.",
		"done.review_released": "The task is back in the queue for anyone to claim.",
		"review.claim":         "Claim this task",
		"review.release":       "Give back to the queue",
		"review.claim_short":   "Claim",
		"review.claim_row":     "Claim the %s task of order %s",
	},
	"zh": {
		"done.review_claimed":  "任务已归您处理；请在下方作出决定。",
		"done.review_released": "任务已退回队列，任何人都可以认领。",
		"review.claim":         "认领此任务",
		"review.release":       "退回队列",
		"review.claim_short":   "认领",
		"review.claim_row":     "认领订单 %[2]s 的“%[1]s”任务",
	},
}
