// Package id makes identifiers: a short type prefix and a ULID (48-bit
// millisecond time, 80 random bits, Crockford base32). They sort by creation
// time, need no database sequence (no hot key when sharded) and say what they
// name when they turn up in a log ("prd_01J...").
package id

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// New returns prefix + "_" + a ULID for time t. Within one millisecond the
// ids one process makes increase (the random part of the previous one plus
// one, as ULID's monotonic mode does), so ids of the same instant still
// sort in the order they were made: the orders of one engine batch, which
// share their timestamp, queue for backorders in arrival order.
func New(prefix string, t time.Time) string {
	var raw [16]byte
	ms := uint64(t.UnixMilli())
	binary.BigEndian.PutUint16(raw[0:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(raw[2:6], uint32(ms))
	entropy(ms, raw[6:])
	return prefix + "_" + encode(raw)
}

// recent keeps, per millisecond recently used, the random part of the last
// id made for it, so ids stay ordered even when transactions with
// different timestamps make ids in turn.
var recent struct {
	sync.Mutex
	byMS map[uint64]*[2]uint64 // ms → hi (16 bits), lo
}

// maxRecent bounds recent; past it the oldest milliseconds are forgotten
// (a transaction making ids that old would be minutes long).
const maxRecent = 4096

// entropy fills out (10 bytes) with fresh random bits for a millisecond not
// seen lately, else with the previous id's of that millisecond plus one.
func entropy(ms uint64, out []byte) {
	recent.Lock()
	defer recent.Unlock()
	if recent.byMS == nil {
		recent.byMS = map[uint64]*[2]uint64{}
	}
	st := recent.byMS[ms]
	if st == nil || st[1] == ^uint64(0) {
		if len(recent.byMS) >= maxRecent {
			forgetOldest(ms)
		}
		var r [10]byte
		_, _ = rand.Read(r[:]) // crypto/rand.Read never fails on supported platforms
		st = &[2]uint64{uint64(binary.BigEndian.Uint16(r[0:2])), binary.BigEndian.Uint64(r[2:10]) &^ (1 << 63)}
		recent.byMS[ms] = st // the top bit of lo stays clear: room to count up
	} else {
		st[1]++
	}
	binary.BigEndian.PutUint16(out[0:2], uint16(st[0]))
	binary.BigEndian.PutUint64(out[2:10], st[1])
}

// forgetOldest drops the older half of recent's milliseconds.
func forgetOldest(now uint64) {
	var newest uint64
	for ms := range recent.byMS {
		newest = max(newest, ms, now)
	}
	for ms := range recent.byMS {
		if newest-ms > maxRecent/2 {
			delete(recent.byMS, ms)
		}
	}
	if len(recent.byMS) >= maxRecent {
		clear(recent.byMS)
	}
}

// encode writes 128 bits as 26 base32 characters, most significant first.
func encode(raw [16]byte) string {
	hi := binary.BigEndian.Uint64(raw[0:8])
	lo := binary.BigEndian.Uint64(raw[8:16])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// Floor returns the smallest id prefix + "_" + ULID can have for time t
// (its millisecond, zero random bits): every id made at t or later sorts
// at or after it, so a time range is an id range.
func Floor(prefix string, t time.Time) string {
	var raw [16]byte
	ms := uint64(t.UnixMilli())
	binary.BigEndian.PutUint16(raw[0:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(raw[2:6], uint32(ms))
	return prefix + "_" + encode(raw)
}
