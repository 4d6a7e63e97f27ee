package notify

import (
	"testing"

	"github.com/waybill/waybill/internal/notify/mailpittest"
)

type mailpit = mailpittest.Server

func startMailpit(t *testing.T, flags ...string) *mailpit { return mailpittest.Start(t, flags...) }
