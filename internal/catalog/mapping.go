package catalog

import (
	"fmt"
	"strings"
)

// Mapping says how the columns of one CSV format become product fields. It is
// plain data, so supporting another source (a marketplace export, an ERP
// dump) is writing one more value; docs/IMPORT.md describes the built-in ones.
type Mapping struct {
	// Name is how a caller chooses the mapping, e.g. ?mapping=olist.
	Name string
	// Columns binds headers to product fields.
	Columns []Column
	// AttributePrefix makes each header that starts with it an attribute
	// named by the rest ("attr:colour" -> colour); "" means no attributes.
	AttributePrefix string
	// Ignore lists headers the format has and Waybill does not use. Any
	// other unknown header refuses the file, so a misspelt "fragile" column
	// cannot silently drop a handling flag.
	Ignore []string
	// BarcodeSeparator splits one cell into several barcodes.
	BarcodeSeparator string
	// DefaultCurrency fills the currency when the column is absent or empty.
	DefaultCurrency string
	// NameSKUChars, for formats without a name column, names each product
	// after its category and the first NameSKUChars characters of its sku.
	NameSKUChars int
}

// Column binds one CSV header to one product field.
type Column struct {
	Header   string // matched case-insensitively, surrounding spaces ignored
	Field    string // a ProductInput JSON name: sku, name, weight_g, fragile, ...
	Scale    int64  // multiplies a number into the field's unit (10: cm to mm); 0 means 1, at most 1000
	Required bool   // the file must have this header
}

// WaybillMapping is the native format: one column per ProductInput field,
// barcodes separated by ';', attributes as attr:<name> columns.
func WaybillMapping() Mapping {
	return Mapping{
		Name: "waybill",
		Columns: []Column{
			{Header: "sku", Field: "sku", Required: true},
			{Header: "name", Field: "name", Required: true},
			{Header: "category", Field: "category"},
			{Header: "weight_g", Field: "weight_g", Required: true},
			{Header: "length_mm", Field: "length_mm", Required: true},
			{Header: "width_mm", Field: "width_mm", Required: true},
			{Header: "height_mm", Field: "height_mm", Required: true},
			{Header: "price_minor", Field: "price_minor", Required: true},
			{Header: "currency", Field: "currency", Required: true},
			{Header: "barcodes", Field: "barcodes"},
			{Header: "fragile", Field: "fragile"},
			{Header: "liquid", Field: "liquid"},
			{Header: "valuable", Field: "valuable"},
			{Header: "hazmat", Field: "hazmat"},
		},
		AttributePrefix:  "attr:",
		BarcodeSeparator: ";",
	}
}

// OlistMapping reads the products file of the public Olist e-commerce data
// set: centimetres become millimetres, and since Olist has neither names nor
// prices, names are made from category and sku, prices are 0 BRL.
func OlistMapping() Mapping {
	return Mapping{
		Name: "olist",
		Columns: []Column{
			{Header: "product_id", Field: "sku", Required: true},
			{Header: "product_category_name", Field: "category", Required: true},
			{Header: "product_weight_g", Field: "weight_g", Required: true},
			{Header: "product_length_cm", Field: "length_mm", Scale: 10, Required: true},
			{Header: "product_width_cm", Field: "width_mm", Scale: 10, Required: true},
			{Header: "product_height_cm", Field: "height_mm", Scale: 10, Required: true},
		},
		Ignore:          []string{"product_name_lenght", "product_description_lenght", "product_photos_qty"},
		DefaultCurrency: "BRL",
		NameSKUChars:    8,
	}
}

// BuiltinMapping returns the built-in mapping called name.
func BuiltinMapping(name string) (Mapping, bool) {
	for _, m := range []Mapping{WaybillMapping(), OlistMapping()} {
		if m.Name == name {
			return m, true
		}
	}
	return Mapping{}, false
}

// check refuses a mapping that names fields products do not have, which is
// a mistake in code, not in a file.
func (m Mapping) check() error {
	known := map[string]bool{"sku": true, "name": true, "category": true, "barcodes": true, "currency": true,
		"weight_g": true, "length_mm": true, "width_mm": true, "height_mm": true, "price_minor": true,
		"fragile": true, "liquid": true, "valuable": true, "hazmat": true}
	hasSKU, hasName := false, false
	for _, c := range m.Columns {
		if !known[c.Field] || c.Header == "" || c.Scale < 0 || c.Scale > 1000 {
			return fmt.Errorf("mapping %s: column %q -> %q is not a product field", m.Name, c.Header, c.Field)
		}
		hasSKU = hasSKU || c.Field == "sku"
		hasName = hasName || c.Field == "name"
	}
	if !hasSKU || !hasName && m.NameSKUChars <= 0 {
		return fmt.Errorf("mapping %s: needs a sku column and a name column or NameSKUChars", m.Name)
	}
	return nil
}

// synthName names a product that its source does not name:
// "Health beauty 1e9e8ef0".
func (m Mapping) synthName(category, sku string) string {
	label := []rune(strings.TrimSpace(strings.ReplaceAll(category, "_", " ")))
	if len(label) == 0 {
		label = []rune("product")
	}
	label = label[:min(len(label), maxCategory)]
	code := []rune(sku)
	code = code[:min(len(code), m.NameSKUChars)]
	return strings.ToUpper(string(label[:1])) + string(label[1:]) + " " + string(code)
}
