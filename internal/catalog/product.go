// Package catalog is Waybill's product catalogue: one row per SKU with the
// physical facts that picking, packing and shipping decide by (weight,
// dimensions, handling flags), the barcodes a scanner verifies against, and
// the price an order line is checked with. It owns the products and
// product_barcodes tables, their HTTP operations and the CSV import.
package catalog

import (
	"maps"
	"time"
)

// Product is one SKU as stored. Other capabilities read it to weigh parcels,
// choose cartons, flag fragile or hazardous goods and verify scans.
type Product struct {
	ID         string            `json:"id" doc:"Waybill's identifier, prd_…"`
	SKU        string            `json:"sku" doc:"The merchant's stock-keeping unit code, unique"`
	Name       string            `json:"name"`
	Category   string            `json:"category"`
	Attributes map[string]string `json:"attributes" nullable:"false" doc:"Free attributes such as colour or size"`
	Barcodes   []string          `json:"barcodes" nullable:"false" doc:"GTIN-8/12/13/14 codes, unique across the catalogue"`
	WeightG    int64             `json:"weight_g" doc:"Unit weight in grams"`
	LengthMM   int64             `json:"length_mm" doc:"Unit length in millimetres"`
	WidthMM    int64             `json:"width_mm" doc:"Unit width in millimetres"`
	HeightMM   int64             `json:"height_mm" doc:"Unit height in millimetres"`
	Fragile    bool              `json:"fragile"`
	Liquid     bool              `json:"liquid"`
	Valuable   bool              `json:"valuable"`
	Hazmat     bool              `json:"hazmat"`
	PriceMinor int64             `json:"price_minor" doc:"Unit price in minor units of currency (cents for EUR)"`
	Currency   string            `json:"currency" doc:"ISO 4217 code"`
	Active     bool              `json:"active" doc:"Inactive products stay for history but take no new orders"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

// ProductInput is what a caller supplies to create a product: the API body,
// a CSV row after its mapping, or the demo generator's output. The struct
// tags document the shape in OpenAPI; validate enforces every rule, so Go
// callers that bypass HTTP get the same checks.
type ProductInput struct {
	SKU        string            `json:"sku" maxLength:"64" pattern:"^[A-Za-z0-9._-]*$" doc:"1 to 64 letters, digits, '.', '_' or '-'; unique"`
	Name       string            `json:"name" maxLength:"200" doc:"1 to 200 characters"`
	Category   string            `json:"category,omitempty" maxLength:"100" doc:"Up to 100 characters; warehouses and reports group by it"`
	Attributes map[string]string `json:"attributes,omitempty" maxProperties:"50" doc:"Up to 50 entries; keys 1 to 50 letters, digits, '_' or '-'; values 1 to 200 characters"`
	Barcodes   []string          `json:"barcodes,omitempty" maxItems:"20" doc:"Up to 20 GTIN-8, -12, -13 or -14 codes with valid check digits"`
	WeightG    int64             `json:"weight_g" minimum:"1" maximum:"1000000" doc:"Unit weight in grams, 1 to 1,000,000"`
	LengthMM   int64             `json:"length_mm" minimum:"1" maximum:"10000" doc:"Millimetres, 1 to 10,000"`
	WidthMM    int64             `json:"width_mm" minimum:"1" maximum:"10000" doc:"Millimetres, 1 to 10,000"`
	HeightMM   int64             `json:"height_mm" minimum:"1" maximum:"10000" doc:"Millimetres, 1 to 10,000"`
	Fragile    bool              `json:"fragile,omitempty" doc:"Needs padding and careful handling"`
	Liquid     bool              `json:"liquid,omitempty" doc:"Needs leak-proof packing"`
	Valuable   bool              `json:"valuable,omitempty" doc:"Needs secure picking and insurance"`
	Hazmat     bool              `json:"hazmat,omitempty" doc:"Dangerous goods; restricts carriers"`
	PriceMinor int64             `json:"price_minor" minimum:"0" maximum:"100000000000" doc:"Unit price in minor units, 0 to 100,000,000,000"`
	Currency   string            `json:"currency" minLength:"3" maxLength:"3" doc:"Upper-case ISO 4217 code, e.g. EUR"`
}

// ProductPatch is a partial update, so a client changes a price without
// resending the product. A nil field (absent or null in JSON) keeps the stored
// value; for attributes and barcodes an empty value clears them, and given
// ones replace the whole set. The result is validated as a whole.
type ProductPatch struct {
	SKU        *string           `json:"sku,omitempty" maxLength:"64" pattern:"^[A-Za-z0-9._-]*$"`
	Name       *string           `json:"name,omitempty" maxLength:"200"`
	Category   *string           `json:"category,omitempty" maxLength:"100"`
	Attributes map[string]string `json:"attributes,omitempty" maxProperties:"50" doc:"Replaces all attributes; {} clears them"`
	Barcodes   []string          `json:"barcodes,omitempty" maxItems:"20" doc:"Replaces all barcodes; [] clears them"`
	WeightG    *int64            `json:"weight_g,omitempty" minimum:"1" maximum:"1000000"`
	LengthMM   *int64            `json:"length_mm,omitempty" minimum:"1" maximum:"10000"`
	WidthMM    *int64            `json:"width_mm,omitempty" minimum:"1" maximum:"10000"`
	HeightMM   *int64            `json:"height_mm,omitempty" minimum:"1" maximum:"10000"`
	Fragile    *bool             `json:"fragile,omitempty"`
	Liquid     *bool             `json:"liquid,omitempty"`
	Valuable   *bool             `json:"valuable,omitempty"`
	Hazmat     *bool             `json:"hazmat,omitempty"`
	PriceMinor *int64            `json:"price_minor,omitempty" minimum:"0" maximum:"100000000000"`
	Currency   *string           `json:"currency,omitempty" minLength:"3" maxLength:"3"`
}

// input returns the stored product as an input, the base a patch applies to.
func (p Product) input() ProductInput {
	return ProductInput{
		SKU: p.SKU, Name: p.Name, Category: p.Category, Attributes: p.Attributes, Barcodes: p.Barcodes,
		WeightG: p.WeightG, LengthMM: p.LengthMM, WidthMM: p.WidthMM, HeightMM: p.HeightMM,
		Fragile: p.Fragile, Liquid: p.Liquid, Valuable: p.Valuable, Hazmat: p.Hazmat,
		PriceMinor: p.PriceMinor, Currency: p.Currency,
	}
}

// apply returns in with every field the patch sets replaced.
func (pt ProductPatch) apply(in ProductInput) ProductInput {
	set(&in.SKU, pt.SKU)
	set(&in.Name, pt.Name)
	set(&in.Category, pt.Category)
	if pt.Attributes != nil {
		in.Attributes = pt.Attributes
	}
	if pt.Barcodes != nil {
		in.Barcodes = pt.Barcodes
	}
	set(&in.WeightG, pt.WeightG)
	set(&in.LengthMM, pt.LengthMM)
	set(&in.WidthMM, pt.WidthMM)
	set(&in.HeightMM, pt.HeightMM)
	set(&in.Fragile, pt.Fragile)
	set(&in.Liquid, pt.Liquid)
	set(&in.Valuable, pt.Valuable)
	set(&in.Hazmat, pt.Hazmat)
	set(&in.PriceMinor, pt.PriceMinor)
	set(&in.Currency, pt.Currency)
	return in
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// fill copies in's fields onto p, keeping its id, state and timestamps.
func (p *Product) fill(in ProductInput) {
	p.SKU, p.Name, p.Category = in.SKU, in.Name, in.Category
	p.Attributes = maps.Clone(in.Attributes)
	if p.Attributes == nil {
		p.Attributes = map[string]string{}
	}
	p.Barcodes = append([]string{}, in.Barcodes...)
	p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM = in.WeightG, in.LengthMM, in.WidthMM, in.HeightMM
	p.Fragile, p.Liquid, p.Valuable, p.Hazmat = in.Fragile, in.Liquid, in.Valuable, in.Hazmat
	p.PriceMinor, p.Currency = in.PriceMinor, in.Currency
}
