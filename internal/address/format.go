package address

import (
	"encoding/json"
	"strings"
	"sync"
)

// layout is how a country writes an address on an envelope: Google's fmt
// and upper fields, and its name in capitals as the UPU asks for on
// international mail.
type layout struct {
	Name  string `json:"name"`
	Fmt   string `json:"fmt"`
	Upper string `json:"upper"`
}

// fallbackFmt prints every field, for a country the data does not know:
// losing a line would lose the parcel.
const fallbackFmt = "%N%n%O%n%A%n%D%n%C%n%S %Z"

// layouts are read from the embedded data on first use and only read after.
var layouts = sync.OnceValue(func() map[string]layout {
	var m map[string]layout
	if err := json.Unmarshal(countriesJSON, &m); err != nil {
		return nil // the table's own parse reports this; Lines falls back
	}
	return m
})

// Lines are a's lines in the order and shape the destination country's
// post reads them (Google's fmt for a.Country: "%Z%n%S%C%D%n%A%n%O%n%N" puts
// a Chinese address postcode first and name last), with the fields the
// country writes in capitals (its upper field) upper-cased, literals next
// to an empty field dropped and empty lines left out. The country itself is
// not a line: a domestic label leaves it off, an international one adds
// CountryName. Pass a validated address; Lines only arranges it.
func Lines(a Address) []string {
	l, ok := layouts()[strings.ToUpper(a.Country)]
	format := l.Fmt
	if !ok || format == "" {
		format = fallbackFmt
	}
	value := func(field byte) string {
		var v string
		switch field {
		case 'N':
			v = a.Name
		case 'O':
			v = a.Company
		case 'D':
			v = a.District
		case 'C':
			v = a.City
		case 'S':
			v = a.Region
		case 'Z':
			v = a.PostalCode
		}
		if strings.IndexByte(l.Upper, field) >= 0 {
			v = strings.ToUpper(v)
		}
		return strings.TrimSpace(v)
	}
	var out []string
	for _, line := range strings.Split(format, "%n") {
		// %A is the street lines, each a line of its own.
		if strings.TrimSpace(line) == "%A" {
			for _, s := range []string{a.Line1, a.Line2} {
				if s = strings.TrimSpace(s); s != "" {
					if strings.IndexByte(l.Upper, 'A') >= 0 {
						s = strings.ToUpper(s)
					}
					out = append(out, s)
				}
			}
			continue
		}
		line = strings.ReplaceAll(line, "%A", "%1")
		if s := fillLine(line, value, strings.TrimSpace(a.Line1+" "+a.Line2)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// element is a field's value or the literal text between fields.
type element struct {
	text    string
	literal bool
}

// fillLine sets one line of a format, its fields filled in and the
// literals next to empty ones dropped, so no stray comma is printed.
func fillLine(line string, value func(byte) string, street string) string {
	var els []element
	for i := 0; i < len(line); {
		if line[i] == '%' && i+1 < len(line) {
			v := street
			if line[i+1] != '1' {
				v = value(line[i+1])
			}
			els = append(els, element{text: v})
			i += 2
			continue
		}
		j := strings.IndexByte(line[i+1:], '%')
		if j < 0 {
			j = len(line) - i - 1
		}
		els = append(els, element{text: line[i : i+1+j], literal: true})
		i += 1 + j
	}
	// An empty field takes the literal before it with it ("%C, %S %Z"
	// without a state is "City 12345"), or the one after it when it starts
	// the line ("%S %C" without a state is "City").
	drop := make([]bool, len(els))
	for i, e := range els {
		if e.literal || e.text != "" {
			continue
		}
		switch {
		case i > 0 && els[i-1].literal && !drop[i-1]:
			drop[i-1] = true
		case i+1 < len(els) && els[i+1].literal:
			drop[i+1] = true
		}
	}
	var b strings.Builder
	fields := 0
	for i, e := range els {
		if !drop[i] {
			b.WriteString(e.text)
		}
		if !e.literal && e.text != "" {
			fields++
		}
	}
	if fields == 0 {
		return ""
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// CountryName is the country's English name in capitals ("UNITED STATES",
// "CHINA"), the last line of an international address; ok is false for a
// code the data does not know.
func CountryName(code string) (string, bool) {
	l, ok := layouts()[strings.ToUpper(code)]
	return l.Name, ok && l.Name != ""
}
