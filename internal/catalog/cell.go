package catalog

import (
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// parseNumber reads a decimal cell and multiplies it by scale into a whole
// number of the field's unit: "12.5" cm at scale 10 is 125 mm. It refuses
// digits finer than the unit rather than rounding a weight or a price
// behind the importer's back. It returns the value, or an errs code and a
// message ending a sentence that starts with the field's name.
func parseNumber(v string, scale int64) (int64, string, string) {
	if scale <= 0 {
		scale = 1
	}
	if v == "" {
		return 0, errs.CodeRequired, "is required"
	}
	s, neg := strings.CutPrefix(v, "-")
	if !neg {
		s = strings.TrimPrefix(s, "+")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole+frac == "" || strings.ContainsFunc(whole+frac, notDigit) {
		return 0, errs.CodeFormat, "must be a number, got " + strconv.Quote(errs.Clip(v))
	}
	places, unit := 0, int64(1)
	for unit*10 <= scale && scale%(unit*10) == 0 {
		places, unit = places+1, unit*10
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > places {
		return 0, errs.CodeFormat, "has more decimals than the unit allows, got " + strconv.Quote(errs.Clip(v))
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 15 {
		return 0, errs.CodeOutOfRange, "is far too large, got " + strconv.Quote(errs.Clip(v))
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt("0"+frac+strings.Repeat("0", places-len(frac)), 10, 64)
	n := w*scale + f*(scale/unit)
	if neg {
		n = -n
	}
	return n, "", ""
}

func (in *ProductInput) flag(field string) *bool {
	switch field {
	case "fragile":
		return &in.Fragile
	case "liquid":
		return &in.Liquid
	case "valuable":
		return &in.Valuable
	}
	return &in.Hazmat
}

func (in *ProductInput) number(field string) *int64 {
	switch field {
	case "weight_g":
		return &in.WeightG
	case "length_mm":
		return &in.LengthMM
	case "width_mm":
		return &in.WidthMM
	case "height_mm":
		return &in.HeightMM
	}
	return &in.PriceMinor
}

func splitList(s, sep string) []string {
	if s == "" {
		return nil
	}
	if sep == "" {
		return []string{s}
	}
	var out []string
	for part := range strings.SplitSeq(s, sep) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "", "0", "false", "no", "n":
		return false, true
	case "1", "true", "yes", "y":
		return true, true
	}
	return false, false
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
