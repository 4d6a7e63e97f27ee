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

var last struct {
	sync.Mutex
	ms   uint64
	hi   uint16 // the 80 random bits of the previous id: hi then lo
	lo   uint64
	init bool
}

// entropy fills out (10 bytes) with fresh random bits, or with the previous
// id's plus one when ms is the previous id's millisecond.
func entropy(ms uint64, out []byte) {
	last.Lock()
	defer last.Unlock()
	if last.init && ms == last.ms && last.lo != ^uint64(0) {
		last.lo++
	} else {
		var r [10]byte
		_, _ = rand.Read(r[:]) // crypto/rand.Read never fails on supported platforms
		last.hi, last.lo = binary.BigEndian.Uint16(r[0:2]), binary.BigEndian.Uint64(r[2:10])
		last.lo &^= 1 << 63 // room to count up within the millisecond
		last.ms, last.init = ms, true
	}
	binary.BigEndian.PutUint16(out[0:2], last.hi)
	binary.BigEndian.PutUint64(out[2:10], last.lo)
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
