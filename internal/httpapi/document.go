package httpapi

import (
	"net/http"
	"reflect"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
)

// The document must say what the edge answers besides each handler's own
// outcomes, or integrators meet statuses nobody told them about. After an
// operation is registered, document adds what every operation of its kind
// can get: 503 (the database is busy: retry); for a JSON body, 400
// (malformed), 413 (too large) and 415 (not JSON); for a path naming
// something, 404; for an authenticated write the idempotency layer handles,
// the Idempotency-Key header and the layer's own refusals (400, 408, 413;
// 409 where the answer is a secret that is never replayed).
// A body documented by DocumentBody replaces the schema huma derived.
func document(api huma.API, method, path string) {
	op := registered(api.OpenAPI(), method, path)
	if op == nil {
		return
	}
	problem := op.Responses["422"]
	add := func(statuses ...int) {
		for _, s := range statuses {
			key := strconv.Itoa(s)
			if op.Responses[key] == nil {
				op.Responses[key] = &huma.Response{Description: http.StatusText(s), Content: problem.Content}
			}
		}
	}
	add(http.StatusServiceUnavailable)
	if op.RequestBody != nil && !op.SkipValidateBody {
		add(http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	for _, p := range op.Parameters {
		if p.In == "path" {
			add(http.StatusNotFound)
		}
	}
	if len(RolesOf(op)) > 0 && method != http.MethodGet && op.Metadata[ownIdempotency] != true {
		add(http.StatusBadRequest, http.StatusRequestTimeout, http.StatusRequestEntityTooLarge)
		if op.Metadata[secretAnswer] == true {
			add(http.StatusConflict) // a retry is told what it created, never its secret
		}
		op.Parameters = append(op.Parameters, &huma.Param{Name: "Idempotency-Key", In: "header",
			Schema:      &huma.Schema{Type: "string", MaxLength: ptr(maxKeyLength)},
			Description: "Makes a retry safe: the same key and body within 24 hours get the first answer back (not stored for refusals, which wrote nothing); another body under the key is 422."})
	}
	for status, typ := range alsoAnswers(op) {
		resp := op.Responses[strconv.Itoa(status)]
		content := map[string]*huma.MediaType{"application/json": {Schema: api.OpenAPI().Components.Schemas.Schema(typ, true, "")}}
		for media, mt := range resp.Content {
			content[media] = mt
		}
		resp.Content = content
	}
	if doc, ok := op.Metadata[documentedBody].(bodyDoc); ok {
		op.RequestBody.Content = map[string]*huma.MediaType{"application/json": {
			Schema:   api.OpenAPI().Components.Schemas.Schema(doc.typ, true, ""),
			Examples: doc.examples,
		}}
	}
}

func ptr[T any](v T) *T { return &v }

func registered(oapi *huma.OpenAPI, method, path string) *huma.Operation {
	item := oapi.Paths[path]
	if item == nil {
		return nil
	}
	return map[string]*huma.Operation{http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
		http.MethodPatch: item.Patch, http.MethodDelete: item.Delete}[method]
}

const documentedBody = "waybill.documented_body"

type bodyDoc struct {
	typ      reflect.Type
	examples map[string]*huma.Example
}

// DocumentBody documents the JSON body of an operation that reads it raw
// (a webhook checks the signature over the exact bytes first) with the
// schema of sample's type and named examples.
func DocumentBody(op huma.Operation, sample any, examples map[string]*huma.Example) huma.Operation {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[documentedBody] = bodyDoc{typ: reflect.TypeOf(sample), examples: examples}
	return op
}

const alsoAnswersKey = "waybill.also_answers"

// AlsoAnswers documents that op answers status with a JSON body of
// sample's type as well as a problem (an import refused whole answers 422
// with its report of every bad row).
func AlsoAnswers(op huma.Operation, status int, sample any) huma.Operation {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	m, _ := op.Metadata[alsoAnswersKey].(map[int]reflect.Type)
	if m == nil {
		m = map[int]reflect.Type{}
	}
	m[status] = reflect.TypeOf(sample)
	op.Metadata[alsoAnswersKey] = m
	return op
}

func alsoAnswers(op *huma.Operation) map[int]reflect.Type {
	m, _ := op.Metadata[alsoAnswersKey].(map[int]reflect.Type)
	return m
}
