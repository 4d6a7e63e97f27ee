package httpapi

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// onceBody has the shapes of an order: nested objects, an optional
// pointer, lists of objects, integers, booleans, a time, free text.
type onceBody struct {
	Channel  string       `json:"channel"`
	Customer onceCustomer `json:"customer"`
	Billing  *onceAddress `json:"billing,omitempty"`
	Lines    []onceLine   `json:"lines"`
	Coupons  []string     `json:"coupons,omitempty"`
	Special  struct {
		Window *struct {
			From time.Time `json:"from"`
			To   time.Time `json:"to"`
		} `json:"window,omitempty"`
		Gift bool   `json:"gift,omitempty"`
		Note string `json:"note,omitempty"`
	} `json:"special,omitempty"`
	Extra  any    `json:"extra,omitempty"`
	Amount int32  `json:"amount,omitempty"`
	hidden string // encoding/json never sets it
}

var _ = onceBody{}.hidden

func (onceBody) DecodeOnce() {}

type onceCustomer struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

type onceAddress struct {
	Line1   string `json:"line1,omitempty"`
	Country string `json:"country"`
}

type onceLine struct {
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

const onceBase = `{"channel":"web","customer":{"name":"Grace Hopper","phone":"+1 650-253-0000"},` +
	`"billing":{"line1":"1600 Amphitheatre Pkwy","country":"US"},"lines":[{"sku":"A-1","quantity":2},{"sku":"B-2","quantity":1}],` +
	`"coupons":["SPRING"],"special":{"window":{"from":"2026-12-08T09:00:00Z","to":"2026-12-08T12:00:00+01:00"},"gift":true,"note":"ring twice"},` +
	`"extra":{"a":[1,"x",null]},"amount":7}`

// oldDecode is decodeJSON as it was: encoding/json, whole numbers retried.
func oldDecode(data []byte, v any) error {
	parses.take(data) // nothing of an earlier pass may help
	return decodeJSON(data, v)
}

// onceVariants are onceBase changed in the ways that matter to fromParsed.
func onceVariants(rnd *rand.Rand) []string {
	edits := [][2]string{
		{`"channel"`, `"Channel"`}, {`"quantity":2`, `"quantity":2.0`}, {`"quantity":2`, `"quantity":2e0`},
		{`"quantity":2`, `"quantity":9007199254740993`}, {`"quantity":2`, `"quantity":-0`}, {`"quantity":2`, `"quantity":"2"`},
		{`"quantity":2`, `"quantity":1.00000000000000001`}, {`"amount":7`, `"amount":2147483648`}, {`"amount":7`, `"amount":null`},
		{`"billing":{`, `"billing":null,"x":{`}, {`"billing":{"line1":"1600 Amphitheatre Pkwy","country":"US"}`, `"billing":null`},
		{`"coupons":["SPRING"]`, `"coupons":null`}, {`"coupons":["SPRING"]`, `"coupons":[]`}, {`"coupons":["SPRING"]`, `"coupons":[1]`},
		{`"gift":true`, `"gift":"true"`}, {`"gift":true`, `"gift":null`}, {`"note":"ring twice"`, `"note":"ring \"twice\"\n\u00e9"`},
		{`"from":"2026-12-08T09:00:00Z"`, `"from":"2026-12-08T09:00:00.123456789Z"`}, {`"from":"2026-12-08T09:00:00Z"`, `"from":"2026-12-08 09:00:00"`},
		{`"from":"2026-12-08T09:00:00Z"`, `"from":"2026\u002d12-08T09:00:00Z"`}, {`"from":"2026-12-08T09:00:00Z"`, `"from":null`},
		{`"window":{`, `"window":null,"w":{`}, {`"lines":[`, `"lines":{"a":1},"l":[`}, {`"customer":{`, `"customer":[],"c":{`},
		{`"extra":{"a":[1,"x",null]}`, `"extra":1.5`}, {`"extra":{"a":[1,"x",null]}`, `"extra":"text"`}, {`"channel":"web"`, `"channel":"w\u00e9b\ud800"`},
		{`"channel":"web"`, `"channel":"web","hidden":"h"`}, {`"channel":"web"`, `"channel":"web","unknown":1`}, {`"sku":"A-1"`, `"SKU":"A-1"`},
		{`"channel":"web"`, `"channel":"web","channel":"app"`},
	}
	out := []string{onceBase, `{}`, `[]`, `null`, `"text"`, `{"lines":[]}`, `{"lines":null}`}
	for _, e := range edits {
		out = append(out, strings.Replace(onceBase, e[0], e[1], 1))
	}
	for range 2000 { // two to four edits at once
		s := onceBase
		for range 2 + rnd.IntN(3) {
			e := edits[rnd.IntN(len(edits))]
			s = strings.Replace(s, e[0], e[1], 1)
		}
		out = append(out, s)
	}
	return out
}

// Filling the struct from the schema pass's parse gives exactly what
// decoding the JSON again gave, or is not done.
func TestFromParsedMatchesDecoding(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 7))
	taken := 0
	for _, body := range onceVariants(rnd) {
		data := []byte(body)
		var want onceBody
		wantErr := oldDecode(data, &want)
		var parsed any
		if json.Unmarshal(data, &parsed) != nil {
			continue
		}
		var got onceBody
		if !fromParsed(parsed, &got, data) {
			require.Equal(t, onceBody{}, got, "%s: untouched when not taken", body)
			continue
		}
		taken++
		require.NoError(t, wantErr, "%s: taken, but decoding fails", body)
		require.True(t, reflect.DeepEqual(want, got), "%s:\nwant %+v\n got %+v", body, want, got)
	}
	t.Logf("%d of the bodies filled from the parse", taken)
	require.Positive(t, taken)
}

// Through decodeJSON, as huma calls it: the schema pass, then the struct.
func TestDecodeJSONOnce(t *testing.T) {
	data := []byte(onceBase)
	var parsed any
	require.NoError(t, decodeJSON(data, &parsed))
	var got onceBody
	require.NoError(t, decodeJSON(data, &got))
	var want onceBody
	require.NoError(t, json.Unmarshal(data, &want))
	require.Equal(t, want, got)
	_, left := parses.take(data)
	require.False(t, left, "the parse was taken")

	// A type that did not opt in is decoded again.
	require.NoError(t, decodeJSON(data, &parsed))
	var other struct {
		Channel string `json:"CHANNEL"`
	}
	require.NoError(t, decodeJSON(data, &other))
	require.Equal(t, "web", other.Channel, "encoding/json's own rules")

	// Bytes changed in the same buffer (huma pools them) are read anew.
	require.NoError(t, decodeJSON(data, &parsed))
	copy(data[strings.Index(onceBase, "web"):], "app")
	got = onceBody{}
	require.NoError(t, decodeJSON(data, &got))
	require.Equal(t, "app", got.Channel)
}

func BenchmarkDecodeJSONTwice(b *testing.B) {
	data := []byte(onceBase)
	b.ReportAllocs()
	for b.Loop() {
		var parsed any
		var v onceBody
		if json.Unmarshal(data, &parsed) != nil || json.Unmarshal(data, &v) != nil {
			b.Fatal("decode")
		}
	}
}

func BenchmarkDecodeJSONOnce(b *testing.B) {
	data := []byte(onceBase)
	b.ReportAllocs()
	for b.Loop() {
		var parsed any
		var v onceBody
		if err := decodeJSON(data, &parsed); err != nil {
			b.Fatal(err)
		}
		if err := decodeJSON(data, &v); err != nil {
			b.Fatal(fmt.Sprint(err))
		}
	}
}

// Only numbers count: true, false and null outside strings, and anything
// inside them, leave a body plain (true's e once sent every body with a
// boolean down the second decode).
func TestPlainNumbers(t *testing.T) {
	for body, plain := range map[string]bool{
		`{"a":1,"b":-20,"gift":true,"c":false,"d":null}`: true,
		`{"note":"1.5e3 and \"2.0\"","n":3}`:             true,
		`{"n":2.0}`:                                      false,
		`{"n":[1,2e1]}`:                                  false,
		`{"s":"\\","n":1.5}`:                             false,
	} {
		require.Equal(t, plain, plainNumbers([]byte(body)), body)
	}
	require.True(t, plainNumbers([]byte(onceBase)), "the order-shaped body takes the one decode")
	whole, changed := wholeNumbers([]byte(`{"q":2.0,"s":"2.0","r":[1e2,3,-4.50e1],"b":true}`))
	require.True(t, changed)
	require.Equal(t, `{"q":2,"s":"2.0","r":[100,3,-45],"b":true}`, string(whole))
	_, changed = wholeNumbers([]byte(`{"q":2,"b":false}`))
	require.False(t, changed)
}

// An object given twice under one name is two objects merged by
// encoding/json; the parse keeps only the last, so such a body is decoded
// again, whatever its numbers look like.
func TestRepeatedNamesAreDecodedAgain(t *testing.T) {
	body := []byte(`{"channel":"web","customer":{"name":"Ada","phone":"+44 20 7946 0000"},` +
		`"customer":{"name":"Ada L"}}`)
	var parsed any
	require.NoError(t, json.Unmarshal(body, &parsed))
	var got onceBody
	require.False(t, fromParsed(parsed, &got, body), "not filled from the parse")
	require.NoError(t, decodeJSON(body, &parsed))
	require.NoError(t, decodeJSON(body, &got))
	var want onceBody
	require.NoError(t, json.Unmarshal(body, &want))
	require.Equal(t, want, got)
	require.Equal(t, "+44 20 7946 0000", got.Customer.Phone, "merged as encoding/json merges")
}
