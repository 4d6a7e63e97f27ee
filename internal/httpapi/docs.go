package httpapi

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// docs renders a self-contained API reference from the OpenAPI document, so
// it works on a machine without internet (no CDN-hosted viewer).
func (s *Server) docs(w http.ResponseWriter, _ *http.Request) {
	type param struct{ Name, In, Type, Doc string }
	type operation struct {
		Method, Path, ID, Summary, Description, Roles string
		Params                                        []param
		Body                                          string
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
				Description: strings.TrimSpace(strings.Split(op.Description, "\n\nRoles:")[0]), Roles: "public"}
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
					if mt.Schema != nil && mt.Schema.Ref != "" {
						o.Body += " " + strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
					}
				}
			}
			ops = append(ops, o)
		}
	}
	slices.SortFunc(ops, func(a, b operation) int {
		return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = docsPage.Execute(w, map[string]any{"Info": oapi.Info, "Ops": ops})
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
<p>{{.Info.Description}}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
{{range .Ops}}<div class="op" id="{{.ID}}">
<span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}}
<div class="roles">Roles: {{.Roles}}{{if .Body}} · Body: <code>{{.Body}}</code>{{end}}</div>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
</div>{{end}}
</body></html>`))
