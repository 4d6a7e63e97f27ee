package risk

import (
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// VelocityParams configure a Velocity rule: it trips when one address,
// phone, mailbox, client network or device has placed more than MaxOrders
// orders within Window, this order included — a stolen card used fast, or a
// reseller getting round a per-order limit. Each dimension is counted by its
// normalised key (see Keys), so retyping the address or adding a +tag to the
// email does not start a new count. An order without the dimension (no
// device sent) never trips it.
type VelocityParams struct {
	Dimension Dimension `json:"dimension" doc:"What to count by: address, phone, email, ip or device"`
	Window    Duration  `json:"window" doc:"How far back to count, 1m to 90d in whole minutes, e.g. \"24h\" or \"7d\""`
	MaxOrders int       `json:"max_orders" doc:"The most orders allowed in the window, this one included, 1 to 100000"`
}

// Kind is Velocity.
func (VelocityParams) Kind() Kind { return Velocity }

func (p VelocityParams) validate(f *errs.Fields) Params {
	checkDimension(f, "dimension", p.Dimension, Dimensions)
	checkWindow(f, "window", p.Window)
	checkCount(f, "max_orders", p.MaxOrders)
	return p
}

func (p VelocityParams) test(e *env) ([]string, error) {
	key := e.keys[p.Dimension]
	if key == "" {
		return nil, nil
	}
	n, err := e.history.OrdersSince(e.ctx, p.Dimension, key, e.now.Add(-time.Duration(p.Window)))
	if err != nil {
		return nil, err
	}
	if n+1 <= p.MaxOrders {
		return nil, nil
	}
	return []string{fmt.Sprintf("%d orders %s in the last %s (limit %d)",
		n+1, dimensionPhrase(p.Dimension, key), windowWords(p.Window), p.MaxOrders)}, nil
}

// dimensionPhrase says which identity was counted, for a reason's text.
func dimensionPhrase(d Dimension, key string) string {
	switch d {
	case ByAddress:
		return "to this address"
	case ByPhone:
		return "from this phone number"
	case ByEmail:
		return "from this email address"
	case ByIP:
		if strings.Contains(key, "/") {
			return "from this IPv6 network"
		}
		return "from this IP address"
	}
	return "from this device"
}

// windowWords writes a window for a sentence: "24 hours", "hour", "7 days".
func windowWords(d Duration) string {
	t := time.Duration(d)
	unit := func(n time.Duration, word string) string {
		if n == 1 {
			return word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	switch {
	case t >= 2*day && t%day == 0:
		return unit(t/day, "day")
	case t%time.Hour == 0:
		return unit(t/time.Hour, "hour")
	case t%time.Minute == 0:
		return unit(t/time.Minute, "minute")
	}
	return d.String()
}
