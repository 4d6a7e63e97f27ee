package catalog

import (
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// layout is a file's header bound to a mapping: which cell feeds which field.
type layout struct {
	m       Mapping
	header  []string
	cells   []cell            // in file order, so reports are too
	attrs   []cell            // attribute columns; Column.Field holds the name
	columns map[string]string // field path -> header, to name columns in reports
	hasName bool
}

type cell struct {
	index int
	Column
}

// bindHeader matches a header row to m, refusing unknown, repeated or
// missing columns all at once.
func bindHeader(header []string, m Mapping) (layout, error) {
	l := layout{m: m, header: make([]string, len(header)), columns: map[string]string{}}
	var f errs.Fields
	if len(header) > maxColumns {
		f.Add("csv.header", errs.CodeOutOfRange, "at most %d columns, got %d", maxColumns, len(header))
		return l, f.Err()
	}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		l.header[i] = h
		key := strings.ToLower(h)
		if seen[key] {
			f.Add("csv.header", errs.CodeDuplicate, "column %q appears twice", errs.Clip(h))
			continue
		}
		seen[key] = true
		if c, ok := m.column(h); ok {
			l.cells = append(l.cells, cell{i, c})
			l.columns[c.Field] = h
			l.hasName = l.hasName || c.Field == "name"
			continue
		}
		if p := m.AttributePrefix; p != "" && strings.HasPrefix(key, strings.ToLower(p)) {
			name := h[len(p):]
			if name == "" || len(name) > maxAttrKey || !isCode(name, "_-") {
				f.Add("csv.header", errs.CodeFormat, "column %q: an attribute name is 1 to %d letters, digits, '_' or '-'",
					errs.Clip(h), maxAttrKey)
			}
			l.attrs = append(l.attrs, cell{i, Column{Header: h, Field: name}})
			l.columns["attributes."+name] = h
			continue
		}
		if !containsFold(m.Ignore, h) {
			f.Add("csv.header", errs.CodeUnexpected, "column %q is not part of the %s mapping", errs.Clip(h), m.Name)
		}
	}
	if len(l.attrs) > maxAttributes {
		f.Add("csv.header", errs.CodeOutOfRange, "at most %d attribute columns, got %d", maxAttributes, len(l.attrs))
	}
	for _, c := range m.Columns {
		if _, ok := l.columns[c.Field]; !ok && c.Required {
			f.Add("csv.header", errs.CodeRequired, "the %s mapping needs a column %q", m.Name, c.Header)
		}
	}
	return l, f.Err()
}

func (m Mapping) column(header string) (Column, bool) {
	for _, c := range m.Columns {
		if strings.EqualFold(c.Header, header) {
			return c, true
		}
	}
	return Column{}, false
}

// convert turns one record into a product input and checks it. A cell that
// cannot be read (a word for a weight) is reported once, without the range
// error its zero value would add.
func (l layout) convert(rec []string, categories map[string]string) (ProductInput, errs.Fields) {
	var in ProductInput
	var f errs.Fields
	for _, c := range l.cells {
		v := strings.TrimSpace(rec[c.index])
		switch c.Field {
		case "sku":
			in.SKU = v
		case "name":
			in.Name = v
		case "category":
			in.Category = v
			if t, ok := categories[v]; ok {
				in.Category = t
			}
		case "currency":
			in.Currency = v
		case "barcodes":
			in.Barcodes = splitList(v, l.m.BarcodeSeparator)
		case "fragile", "liquid", "valuable", "hazmat":
			if b, ok := parseBool(v); ok {
				*in.flag(c.Field) = b
			} else {
				f.Add(c.Field, errs.CodeFormat, "%s must be true or false (also yes/no, 1/0), got %q", c.Field, errs.Clip(v))
			}
		default:
			n, code, msg := parseNumber(v, c.Scale)
			if code != "" {
				f.Add(c.Field, code, "%s %s", c.Field, msg)
			}
			*in.number(c.Field) = n
		}
	}
	for _, c := range l.attrs {
		if v := strings.TrimSpace(rec[c.index]); v != "" {
			if in.Attributes == nil {
				in.Attributes = map[string]string{}
			}
			in.Attributes[c.Field] = v
		}
	}
	if in.Currency == "" {
		in.Currency = l.m.DefaultCurrency
	}
	if !l.hasName {
		in.Name = l.m.synthName(in.Category, in.SKU)
	}
	unread := map[string]bool{}
	for _, e := range f {
		unread[e.Path] = true
	}
	for _, e := range in.check() {
		if !unread[e.Path] {
			f = append(f, e)
		}
	}
	return in, f
}
