package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
)

// Conformance checks every answer an API sends against the OpenAPI
// document it publishes: the status is documented for the operation, the
// content type is one documented for that status, and the body validates
// against its schema. Wrap a handler with it, send requests, then read
// Problems: a document that drifts from the server fails the tests that
// happen to exercise the drift, without anyone listing what to check.
type Conformance struct {
	oapi  *huma.OpenAPI
	paths []template

	mu       sync.Mutex
	problems []string
	answered map[string]bool // "METHOD path status" seen
}

type template struct {
	path string
	re   *regexp.Regexp
}

// NewConformance checks answers against oapi.
func NewConformance(oapi *huma.OpenAPI) *Conformance {
	c := &Conformance{oapi: oapi, answered: map[string]bool{}}
	for path := range oapi.Paths {
		segments := strings.Split(path, "/")
		for i, s := range segments {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				segments[i] = `[^/]+`
			} else {
				segments[i] = regexp.QuoteMeta(s)
			}
		}
		c.paths = append(c.paths, template{path, regexp.MustCompile("^" + strings.Join(segments, "/") + "$")})
	}
	// A literal segment wins over a parameter (/v1/products/import over /v1/products/{id}).
	slices.SortFunc(c.paths, func(a, b template) int { return strings.Count(a.path, "{") - strings.Count(b.path, "{") })
	return c
}

// Wrap checks what next answers.
func (c *Conformance) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &capture{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		c.check(r.Method, r.URL.Path, rec.status(), rec.Header().Get("Content-Type"), rec.body.Bytes())
	})
}

// Problems lists every answer that the document does not describe.
func (c *Conformance) Problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.problems)
}

// Answered lists the documented "METHOD path status" seen, for coverage.
func (c *Conformance) Answered() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.answered))
	for k := range c.answered {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (c *Conformance) check(method, urlPath string, status int, contentType string, body []byte) {
	path, op := c.operation(method, urlPath)
	if op == nil {
		return // not an API operation (/healthz, /docs, an unknown route)
	}
	where := fmt.Sprintf("%s %s -> %d", method, path, status)
	c.mu.Lock()
	c.answered[fmt.Sprintf("%s %s %d", method, path, status)] = true
	c.mu.Unlock()
	resp := op.Responses[strconv.Itoa(status)]
	if resp == nil {
		resp = op.Responses["default"]
	}
	if resp == nil {
		c.fail("%s: status not documented (documented: %s)", where, strings.Join(sortedKeys(op.Responses), ", "))
		return
	}
	if len(body) == 0 {
		if len(resp.Content) > 0 && status != http.StatusNoContent {
			c.fail("%s: empty body, documented %s", where, strings.Join(sortedKeys(resp.Content), ", "))
		}
		return
	}
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		c.fail("%s: Content-Type %q: %v", where, contentType, err)
		return
	}
	mt := resp.Content[media]
	if mt == nil {
		c.fail("%s: Content-Type %s not documented (documented: %s)", where, media, strings.Join(sortedKeys(resp.Content), ", "))
		return
	}
	if mt.Schema == nil || !strings.Contains(media, "json") {
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		c.fail("%s: body is not JSON: %v", where, err)
		return
	}
	res := &huma.ValidateResult{}
	huma.Validate(c.oapi.Components.Schemas, mt.Schema, huma.NewPathBuffer([]byte{}, 0), huma.ModeReadFromServer, v, res)
	for _, e := range res.Errors {
		c.fail("%s: body does not match its schema: %v", where, e)
	}
}

func (c *Conformance) operation(method, urlPath string) (string, *huma.Operation) {
	for _, t := range c.paths {
		if !t.re.MatchString(urlPath) {
			continue
		}
		item := c.oapi.Paths[t.path]
		op := map[string]*huma.Operation{http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
			http.MethodPatch: item.Patch, http.MethodDelete: item.Delete}[method]
		if op != nil {
			return t.path, op
		}
	}
	return "", nil
}

func (c *Conformance) fail(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(c.problems, msg) {
		c.problems = append(c.problems, msg)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// capture keeps the status and a copy of the body while passing them on.
type capture struct {
	http.ResponseWriter
	code int
	body bytes.Buffer
}

func (c *capture) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(b []byte) (int, error) {
	if c.code == 0 {
		c.code = http.StatusOK
	}
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}

func (c *capture) status() int {
	if c.code == 0 {
		return http.StatusOK
	}
	return c.code
}

// Flush lets streamed answers through.
func (c *capture) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
