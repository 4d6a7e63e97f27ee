package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
)

// reviewFailed answers a store's refusal of a task action: no such task
// 404, a state that forbids it 409, another's task 403, each in a sentence
// of the person's language; anything else is unexpected.
func (c *Console) reviewFailed(w http.ResponseWriter, r *http.Request, s people.Session, taskID string, err error) {
	locale := s.Person.Locale
	switch errs.KindOf(err) {
	case errs.NotFound:
		c.refuse(w, r, s, http.StatusNotFound, text(locale, "review.not_found"))
	case errs.Conflict:
		c.refuse(w, r, s, http.StatusConflict, c.reviewConflict(r, locale, taskID, err))
	case errs.Forbidden:
		t, _ := c.cfg.Review.Task(r.Context(), taskID)
		c.refuse(w, r, s, http.StatusForbidden, fmt.Sprintf(text(locale, "review.conflict.held"), t.AssigneeName))
	default:
		c.internal(w, r, locale, err)
	}
}

// reviewConflict says why the task's state refused the action, read from
// the task as it is now (a refused action changed nothing). A task still
// held by the person was refused by its order (cancelled meanwhile,
// unpaid, not served at a new address): the store's own sentence says why.
func (c *Console) reviewConflict(r *http.Request, locale, taskID string, err error) string {
	me, _ := actor.From(r.Context())
	t, terr := c.cfg.Review.Task(r.Context(), taskID)
	switch {
	case terr != nil:
	case t.Status == review.StatusOpen:
		return text(locale, "review.conflict.unclaimed")
	case t.Status == review.StatusDone:
		return text(locale, "review.conflict.done")
	case t.Assignee != me.ID && (strings.HasSuffix(r.URL.Path, "/claim") || me.Role != actor.Admin):
		return fmt.Sprintf(text(locale, "review.conflict.held"), t.AssigneeName)
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return fmt.Sprintf(text(locale, "review.conflict.order"), e.Message)
	}
	return text(locale, "review.conflict.order_generic")
}

var reviewRefuseMessages = map[string]map[string]string{
	"en": {
		"review.not_found":              "There is no such review task.",
		"review.conflict.unclaimed":     "This task is not claimed. Claim it first, then decide or release it.",
		"review.conflict.done":          "This task is done already; a decided task cannot be claimed, released or decided again.",
		"review.conflict.held":          "This task is claimed by %s; only they or an administrator may act on it.",
		"review.conflict.order":         "The order refused this decision: %s",
		"review.conflict.order_generic": "The order refused this decision; read the task again.",
	},
	"zh": {
		"review.not_found":              "没有这个审核任务。",
		"review.conflict.unclaimed":     "此任务尚未认领。请先认领，再决定或释放。",
		"review.conflict.done":          "此任务已完成；已决定的任务不能再认领、释放或决定。",
		"review.conflict.held":          "此任务已被 %s 认领；只有认领人或管理员可以处理。",
		"review.conflict.order":         "订单拒绝了此决定：%s",
		"review.conflict.order_generic": "订单拒绝了此决定；请重新查看任务。",
	},
}
