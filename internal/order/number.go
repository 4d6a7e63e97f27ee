package order

import (
	"context"
	"fmt"
	"sync"

	"github.com/waybill/waybill/internal/db"
)

// Order numbers are read out on the phone, so they are short: "WB-", then
// nine characters of Crockford base32 (no I, L, O or U) in groups of five
// and four, 45 bits. The bits are a block and an offset in it: an engine
// takes a block of 4,096 numbers from the database when it has used up its
// last one and counts through it. So numbers are unique by construction
// (no random draw that a unique key has to catch, no batch failed into
// one-by-one retries) and ascend as they are made: the unique index on
// them is written at one edge, not at a random page per order.
//
// A database block rather than an instance id drawn at start and a clock:
// several instances writing one PostgreSQL then need no registry of live
// instances, no lease to renew and no trust in their clocks; the sequence
// is asked once per 4,096 orders (five times a second at 20,000 orders/s).
// Numbers of earlier versions ("WB-" and eight random characters) are one
// character shorter, so no new number can equal an old one, and a lookup
// by number finds both. The number says roughly how many blocks were taken
// before it, not how many orders: blocks are left part-used on every
// restart, and several instances interleave theirs.
const (
	numberOffsetBits = 12
	numberBlockSize  = 1 << numberOffsetBits
	numberChars      = 9
	maxNumberBlock   = 1<<(5*numberChars-numberOffsetBits) - 1
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// numbers hands out one engine's order numbers. It is safe for concurrent
// use (PlaceUnbatched writes from the callers' goroutines).
type numbers struct {
	mu      sync.Mutex
	block   int64  // the block in hand; 0 before the first is taken
	offset  int64  // the next offset in it
	takenIn *db.Tx // the transaction that took the block, until it is known to have committed
}

// next returns a number not handed out before, taking a new block in tx
// when the one in hand is used up, or when it was taken by another
// transaction not known to have committed: that one may have rolled back
// (a failed batch, a rerun by db.Write), and on SQLite the row counting
// blocks with it, so after a restart the block would be taken again and
// every number made from it since made twice. The next block is taken
// above it; at most one block's numbers go unused each time.
func (n *numbers) next(ctx context.Context, tx *db.Tx) (string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.block == 0 || n.offset == numberBlockSize || n.takenIn != nil && n.takenIn != tx {
		b, err := takeBlock(ctx, tx, n.block+1)
		if err != nil {
			return "", fmt.Errorf("take a block of order numbers: %w", err)
		}
		if b > maxNumberBlock {
			return "", fmt.Errorf("order numbers are used up: block %d of %d", b, maxNumberBlock)
		}
		n.block, n.offset, n.takenIn = b, 0, tx
	}
	v := n.block<<numberOffsetBits | n.offset
	n.offset++
	return formatNumber(v), nil
}

// committed says tx committed: the block it took, if any, is stored, and
// later transactions count on through it.
func (n *numbers) committed(tx *db.Tx) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.takenIn == tx {
		n.takenIn = nil
	}
}

// takeBlock takes the next block of numbers, at least floor. On PostgreSQL
// it is a sequence's next value, never given twice even when tx rolls back.
// SQLite has no sequence and has one writer process: the row counts the
// blocks taken, and floor (the last block this process took, plus one)
// keeps a block taken in a transaction that then rolled back, which the
// row forgets, from being taken again.
func takeBlock(ctx context.Context, tx *db.Tx, floor int64) (int64, error) {
	var b int64
	var err error
	if tx.Dialect == db.Postgres {
		err = tx.QueryRowContext(ctx, `SELECT nextval('order_number_blocks')`).Scan(&b)
	} else {
		err = tx.QueryRowContext(ctx, `UPDATE order_number_blocks SET next = max(next, $1) + 1 RETURNING next - 1`, floor).Scan(&b)
	}
	return b, err
}

// formatNumber writes v's low 45 bits as "WB-XXXXX-XXXX": fixed width, most
// significant first, so numbers sort as text in the order they were made.
func formatNumber(v int64) string {
	var b [3 + numberChars + 1]byte
	copy(b[:], "WB-")
	for i := numberChars - 1; i >= 0; i-- {
		pos := 3 + i
		if i >= 5 {
			pos++ // after the hyphen
		}
		b[pos] = crockford[v&31]
		v >>= 5
	}
	b[8] = '-'
	return string(b[:])
}
