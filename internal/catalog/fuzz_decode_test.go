package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// FuzzProductDecode sends arbitrary bodies to the create and update body
// types through huma's decoding and schema checks and then the domain
// validation, as the real operations do. No body may cause a 5xx, and a body
// accepted must be a valid product. In replay, the body also goes to the
// real operations on each database, which must agree and store only valid products.
func FuzzProductDecode(f *testing.F) {
	for _, s := range []string{
		`{"sku":"MUG-1","name":"Mug","weight_g":350,"length_mm":120,"width_mm":90,"height_mm":100,"price_minor":1299,"currency":"EUR"}`,
		`{"sku":"MUG-1","name":"Mug","category":"kitchen","attributes":{"colour":"blue"},"barcodes":["4006381333931","96385074"],` +
			`"weight_g":350,"length_mm":120,"width_mm":90,"height_mm":100,"fragile":true,"price_minor":0,"currency":"BRL"}`,
		`{"name":"Bigger mug","weight_g":1000000,"barcodes":[]}`,
		`{"sku":"a b","weight_g":-1,"currency":"eur","barcodes":["4006381333932"]}`,
		`{"attributes":{"a.b":"x","size":""},"name":"\u0000"}`,
		`{"sku":`, `null`, `[]`, `{"price_minor":1e300}`, `{"colour":"red"}`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	probe := httpapi.New(httpapi.Options{})
	base := Product{SKU: "BASE", Name: "Base", WeightG: 1, LengthMM: 1, WidthMM: 1, HeightMM: 1, Currency: "EUR",
		Barcodes: []string{"96385074"}, Attributes: map[string]string{}}
	type out struct{ Body ProductInput }
	httpapi.Register(probe.API(), huma.Operation{OperationID: "probe-create", Method: http.MethodPost, Path: "/v1/products"},
		nil, func(_ context.Context, in *struct{ Body ProductInput }) (*out, error) {
			return &out{in.Body}, in.Body.Validate()
		})
	httpapi.Register(probe.API(), huma.Operation{OperationID: "probe-update", Method: http.MethodPatch, Path: "/v1/products/{id}"},
		nil, func(_ context.Context, in *struct {
			ID   string `path:"id"`
			Body ProductPatch
		}) (*out, error) {
			merged := in.Body.apply(base.input())
			return &out{merged}, merged.Validate()
		})
	var agree []func(*testing.T, string, []byte, int)
	for _, d := range replayDBs(f) {
		agree = append(agree, realServer(f, d))
	}
	f.Fuzz(func(t *testing.T, body []byte, patch bool) {
		method, path := http.MethodPost, "/v1/products"
		if patch {
			method, path = http.MethodPatch, "/v1/products/prd_base"
		}
		code, accepted := send(t, probe.Handler(), method, path, "", body)
		if code < 300 {
			var got ProductInput
			if err := json.Unmarshal(accepted, &got); err != nil {
				t.Fatal(err)
			}
			if err := got.Validate(); err != nil {
				t.Fatalf("accepted an invalid product: %v", err)
			}
		}
		for _, check := range agree {
			check(t, method, body, code)
		}
	})
}

// realServer returns a check that sends a body to the real operations on d
// and compares their verdict with the probe's.
func realServer(f *testing.F, d *db.DB) func(t *testing.T, method string, body []byte, probeCode int) {
	ctx := actor.With(context.Background(), actor.CLI("fuzz"))
	s := NewStore(d)
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys})
	Register(srv.API(), s)
	_, key, err := keys.Create(ctx, "fuzz", actor.Admin)
	if err != nil {
		f.Fatal(err)
	}
	return func(t *testing.T, method string, body []byte, probeCode int) {
		emptyCatalogue(t, ctx, d)
		p, err := s.Create(ctx, ProductInput{SKU: "BASE", Name: "Base", WeightG: 1, LengthMM: 1, WidthMM: 1, HeightMM: 1,
			Currency: "EUR", Barcodes: []string{"96385074"}})
		if err != nil {
			t.Fatal(err)
		}
		path := "/v1/products"
		if method == http.MethodPatch {
			path += "/" + p.ID
		}
		code, _ := send(t, srv.Handler(), method, path, key, body)
		want := 1
		if code == http.StatusCreated {
			want = 2
		}
		if stored := storedAreValid(t, ctx, s); stored != want {
			t.Fatalf("answered %d, yet %d products stored", code, stored)
		}
		if (code < 300) != (probeCode < 300) && code != http.StatusConflict {
			t.Fatalf("the real operation answered %d, the probe %d", code, probeCode)
		}
	}
}

// send serves one request in-process; it fails t on a 5xx or a 4xx that is
// not a problem document.
func send(t *testing.T, h http.Handler, method, path, key string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s answered %d: %s", method, rec.Code, rec.Body)
	}
	if rec.Code >= 400 && !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
		t.Fatalf("%d is not a problem: %s", rec.Code, rec.Body)
	}
	return rec.Code, rec.Body.Bytes()
}
