package catalog

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
)

// LoadCategoryTranslations reads a two-column CSV (category as in the
// catalogue file, category to store) with a header row, such as Olist's
// category_name_translation.csv, for ImportOptions.Categories. A leading
// byte-order mark is skipped; the file may hold at most 1 MiB.
func LoadCategoryTranslations(r io.Reader) (map[string]string, error) {
	const limit = 1 << 20
	cr := csv.NewReader(skipBOM(&cappedReader{r: r, left: limit + 1}))
	cr.FieldsPerRecord = 2
	out := map[string]string{}
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if errors.Is(err, errTooLarge) {
			return nil, fileErr(errs.CodeTooLong, "the category translation file is larger than %d bytes", limit)
		}
		if err != nil {
			return nil, readErr(err, ImportOptions{})
		}
		if n == 0 {
			continue // the header
		}
		from, to := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if from == "" || to == "" {
			continue
		}
		if utf8.RuneCountInString(to) > maxCategory {
			line, _ := cr.FieldPos(1)
			return nil, fileErr(errs.CodeTooLong, "line %d: category %q is longer than %d characters", line, errs.Clip(to), maxCategory)
		}
		out[from] = to
	}
}
