package catalog_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// apiFixture serves the catalogue operations over real HTTP with a key per role.
type apiFixture struct {
	fixture
	url  string
	keys map[actor.Role]string
}

func setupAPI(t *testing.T, d *db.DB) apiFixture {
	t.Helper()
	f := setup(t, d)
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys})
	catalog.Register(srv.API(), f.store)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	a := apiFixture{fixture: f, url: ts.URL, keys: map[actor.Role]string{}}
	for _, role := range actor.Roles {
		_, secret, err := keys.Create(f.ctx, "test "+string(role), role)
		require.NoError(t, err)
		a.keys[role] = secret
	}
	return a
}

// reply is an answer: its status, content type and decoded JSON body.
type reply struct {
	status      int
	contentType string
	body        map[string]any
}

// call sends a request as role ("" for no key).
func (a apiFixture) call(t *testing.T, role actor.Role, method, path, contentType string, body io.Reader) reply {
	t.Helper()
	req, err := http.NewRequest(method, a.url+path, body)
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+a.keys[role])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var out map[string]any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), "%s", raw)
	}
	return reply{res.StatusCode, res.Header.Get("Content-Type"), out}
}

func (a apiFixture) json(t *testing.T, role actor.Role, method, path, body string) (int, map[string]any) {
	t.Helper()
	r := a.jsonReply(t, role, method, path, body)
	return r.status, r.body
}

func (a apiFixture) jsonReply(t *testing.T, role actor.Role, method, path, body string) reply {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	return a.call(t, role, method, path, "application/json", r)
}

// problemFields lists "field code" for each entry of a problem answer.
func problemFields(body map[string]any) []string {
	list, _ := body["errors"].([]any)
	var out []string
	for _, e := range list {
		m, _ := e.(map[string]any)
		out = append(out, m["field"].(string)+" "+m["code"].(string))
	}
	return out
}

// validJSON is a create body the API accepts, with one field replaced.
func validJSON(sku string, replace ...string) string {
	fields := map[string]string{
		"sku": `"` + sku + `"`, "name": `"Stoneware mug"`, "category": `"kitchen"`, "attributes": `{"colour":"blue"}`,
		"barcodes": `["4006381333931"]`, "weight_g": "350", "length_mm": "120", "width_mm": "90", "height_mm": "100",
		"fragile": "true", "price_minor": "1299", "currency": `"EUR"`,
	}
	for i := 0; i+1 < len(replace); i += 2 {
		if replace[i+1] == "" {
			delete(fields, replace[i])
		} else {
			fields[replace[i]] = replace[i+1]
		}
	}
	var parts []string
	for _, k := range []string{"sku", "name", "category", "attributes", "barcodes", "weight_g", "length_mm", "width_mm",
		"height_mm", "fragile", "price_minor", "currency", "colour", "active", "id"} {
		if v, ok := fields[k]; ok {
			parts = append(parts, `"`+k+`":`+v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}
