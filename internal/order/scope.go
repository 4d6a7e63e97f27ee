package order

import (
	"context"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
)

// A key confined to some sales channels (actor.Actor.Channels) sees and
// changes only their orders. An order of another channel is answered as
// not found, never forbidden: a shop must not learn that another shop's
// order exists, nor its number.

// hidden reports whether the caller's key may not see orders of channel.
func hidden(ctx context.Context, channel string) bool {
	who, ok := actor.From(ctx)
	return ok && !who.SeesChannel(channel)
}

func notFound(ref string) error { return errs.E(errs.NotFound, "no order %q", ref) }

// channelScope is the channels a list is confined to (nil: all), and a
// refusal when the caller asked for a channel outside its key's.
func channelScope(ctx context.Context, path, asked string) ([]string, error) {
	who, ok := actor.From(ctx)
	if !ok || len(who.Channels) == 0 {
		return nil, nil
	}
	if asked != "" && !who.SeesChannel(asked) {
		return nil, outOfScope(path, who.Channels)
	}
	return who.Channels, nil
}

func outOfScope(path string, channels []string) error {
	var f errs.Fields
	f.Add(path, errs.CodeOutOfScope, "this key may use only the channels %s", strings.Join(channels, ", "))
	return errs.OutOfScope("sales channels", f)
}
