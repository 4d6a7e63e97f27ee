package httpapi

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// docs renders a self-contained API reference from the OpenAPI document, so
// it works on a machine without internet (no CDN-hosted viewer).
func (s *Server) docs(w http.ResponseWriter, _ *http.Request) {
	type param struct{ Name, In, Type, Doc string }
	type operation struct {
		Method, Path, ID, Summary, Roles string
		Description                      template.HTML
		Params                           []param
		Body                             string
		Fields                           []bodyField
		Statuses                         string
	}
	oapi := s.api.OpenAPI()
	var ops []operation
	for path, item := range oapi.Paths {
		for method, op := range map[string]*huma.Operation{
			"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete,
		} {
			if op == nil {
				continue
			}
			o := operation{Method: method, Path: path, ID: op.OperationID, Summary: op.Summary,
				Description: withCode(strings.TrimSpace(strings.Split(op.Description, "\n\nRoles:")[0])), Roles: "public"}
			if roles := RolesOf(op); len(roles) > 0 {
				o.Roles = joinRoles(roles)
			}
			for _, p := range op.Parameters {
				typ := ""
				if p.Schema != nil {
					typ = p.Schema.Type
				}
				o.Params = append(o.Params, param{p.Name, p.In, typ, p.Description})
			}
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Content {
					o.Body = ct
					if mt.Schema != nil {
						o.Fields = fieldsOf(oapi.Components.Schemas, mt.Schema, "", 0)
					}
				}
			}
			statuses := make([]string, 0, len(op.Responses))
			for code := range op.Responses {
				statuses = append(statuses, code)
			}
			slices.Sort(statuses)
			o.Statuses = strings.Join(statuses, ", ")
			ops = append(ops, o)
		}
	}
	slices.SortFunc(ops, func(a, b operation) int {
		return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = docsPage.Execute(w, map[string]any{"Info": oapi.Info, "Intro": withCode(oapi.Info.Description), "Ops": ops})
}

// bodyField is one field of a request body, by its JSON path.
type bodyField struct {
	Path, Type, Required string
	Doc                  template.HTML
}

// fieldsOf flattens a body schema into its fields ("lines[].sku"), each
// with its type, limits and meaning, so the page shows what to send rather
// than a type's name.
func fieldsOf(reg huma.Registry, s *huma.Schema, prefix string, depth int) []bodyField {
	for s != nil && s.Ref != "" {
		s = reg.SchemaFromRef(s.Ref)
	}
	if s == nil || depth > 4 {
		return nil
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	slices.Sort(names)
	var out []bodyField
	for _, name := range names {
		p := s.Properties[name]
		for p.Ref != "" {
			p = reg.SchemaFromRef(p.Ref)
		}
		path := prefix + name
		f := bodyField{Path: path, Type: p.Type, Doc: withCode(p.Description + limitsOf(p))}
		if slices.Contains(s.Required, name) {
			f.Required = "required"
		}
		switch {
		case p.Type == "array" && p.Items != nil:
			items := p.Items
			for items.Ref != "" {
				items = reg.SchemaFromRef(items.Ref)
			}
			f.Type = "array of " + items.Type
			out = append(out, f)
			if items.Type == "object" {
				out = append(out, fieldsOf(reg, items, path+"[].", depth+1)...)
			}
		case p.Type == "object" && len(p.Properties) > 0:
			out = append(out, f)
			out = append(out, fieldsOf(reg, p, path+".", depth+1)...)
		default:
			out = append(out, f)
		}
	}
	return out
}

// limitsOf says a field's allowed values in words.
func limitsOf(s *huma.Schema) string {
	var parts []string
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		parts = append(parts, "one of "+strings.Join(vals, ", "))
	}
	if s.Minimum != nil {
		parts = append(parts, "at least "+strconv.FormatFloat(*s.Minimum, 'f', -1, 64))
	}
	if s.Maximum != nil {
		parts = append(parts, "at most "+strconv.FormatFloat(*s.Maximum, 'f', -1, 64))
	}
	if s.MaxLength != nil {
		parts = append(parts, "up to "+strconv.Itoa(*s.MaxLength)+" characters")
	}
	if s.MaxItems != nil {
		parts = append(parts, "up to "+strconv.Itoa(*s.MaxItems)+" items")
	}
	if len(parts) == 0 {
		return ""
	}
	sep := ""
	if s.Description != "" {
		sep = ". "
	}
	return sep + strings.Join(parts, "; ")
}

// withCode renders text for the page, escaped, with `code` spans as code.
func withCode(text string) template.HTML {
	parts := strings.Split(text, "`")
	var b strings.Builder
	for i, part := range parts {
		esc := template.HTMLEscapeString(part)
		if i%2 == 1 && i < len(parts)-1 {
			b.WriteString("<code>" + esc + "</code>")
		} else {
			if i%2 == 1 {
				b.WriteString("`")
			}
			b.WriteString(esc)
		}
	}
	return template.HTML(b.String())
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Info.Title}} reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d2430}
h1{margin-bottom:.2em} .op{border-top:1px solid #dde;padding:.8em 0}
.m{display:inline-block;min-width:4.5em;font:bold 13px monospace;color:#fff;background:#4a6;border-radius:3px;text-align:center;padding:1px 4px}
.m.POST{background:#36c}.m.PATCH,.m.PUT{background:#c83}.m.DELETE{background:#c33}
code{font-size:14px} .roles{color:#555;font-size:13px} table{border-collapse:collapse;font-size:13px;margin-top:.4em}
td,th{border:1px solid #dde;padding:2px 8px;text-align:left}
</style></head><body>
<h1>{{.Info.Title}} <small>{{.Info.Version}}</small></h1>
<p>{{.Intro}}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
{{range .Ops}}<div class="op" id="{{.ID}}">
<span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}}
<div class="roles">Roles: {{.Roles}} · Answers: {{.Statuses}}{{if .Body}} · Body: <code>{{.Body}}</code>{{end}}</div>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Fields}}<table><tr><th>body field</th><th>type</th><th></th><th>meaning</th></tr>
{{range .Fields}}<tr><td><code>{{.Path}}</code></td><td>{{.Type}}</td><td>{{.Required}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
</div>{{end}}
</body></html>`))
