package httpapi

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"

	"github.com/waybill/waybill/internal/errs"
)

// Page is one page of a list; pass NextCursor back as cursor for the next.
type Page[T any] struct {
	Items      []T    `json:"items" nullable:"false"`
	NextCursor string `json:"next_cursor,omitempty" doc:"Opaque cursor for the next page; absent on the last page"`
}

// PageParams are the query parameters every list operation takes.
type PageParams struct {
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50" doc:"Items per page"`
	Cursor string `query:"cursor" maxLength:"200" doc:"next_cursor from the previous page"`
}

// EncodeCursor hides a keyset position (usually the last id) from callers,
// so its form can change without breaking them. A checksum rides along so
// that a cursor this API never issued (mistyped, truncated, made up) is
// refused instead of quietly starting somewhere.
func EncodeCursor(last string) string {
	if last == "" {
		return ""
	}
	b := binary.BigEndian.AppendUint32([]byte(last), crc32.ChecksumIEEE([]byte(last)))
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reverses EncodeCursor, naming the query field when it fails.
func DecodeCursor(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) < 5 || crc32.ChecksumIEEE(b[:len(b)-4]) != binary.BigEndian.Uint32(b[len(b)-4:]) {
		var f errs.Fields
		f.Add("query.cursor", errs.CodeFormat, "cursor is not one this API issued: pass next_cursor from the previous page unchanged")
		return "", f.Err()
	}
	return string(b[:len(b)-4]), nil
}

// NewPage builds a page from up to limit+1 rows: the extra row only signals
// that another page exists.
func NewPage[T any](rows []T, limit int, key func(T) string) *Page[T] {
	p := &Page[T]{Items: rows}
	if len(rows) > limit {
		p.Items = rows[:limit]
		p.NextCursor = EncodeCursor(key(rows[limit-1]))
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p
}

func asErr(err error, target **errs.Error) bool { return errors.As(err, target) }
