package console

// reviewClaimMessages are the words of claiming a task and giving it back
// (queueClaim, queueRelease).
var reviewClaimMessages = map[string]map[string]string{
	"en": {
		"done.review_claimed":  "The task is yours now; decide it below.",
		"done.review_released": "The task is back in the queue for anyone to claim.",
		"review.claim":         "Claim this task",
		"review.claim_row":     "Claim the %s task of order %s",
	},
	"zh": {
		"done.review_claimed":  "任务已归您处理；请在下方作出决定。",
		"done.review_released": "任务已退回队列，任何人都可以认领。",
		"review.claim":         "认领此任务",
		"review.claim_row":     "认领订单 %[2]s 的“%[1]s”任务",
	},
}
