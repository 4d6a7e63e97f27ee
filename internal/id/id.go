// Package id makes identifiers: a short type prefix and a ULID (48-bit
// millisecond time, 80 random bits, Crockford base32). They sort by creation
// time, need no database sequence (no hot key when sharded) and say what they
// name when they turn up in a log ("prd_01J...").
package id

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// New returns prefix + "_" + a ULID for time t.
func New(prefix string, t time.Time) string {
	var raw [16]byte
	ms := uint64(t.UnixMilli())
	binary.BigEndian.PutUint16(raw[0:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(raw[2:6], uint32(ms))
	_, _ = rand.Read(raw[6:]) // crypto/rand.Read never fails on supported platforms
	return prefix + "_" + encode(raw)
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
