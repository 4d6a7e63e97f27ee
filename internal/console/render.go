package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

//go:embed templates
var templateFS embed.FS

// pageTemplates holds one template per page file in templates/, each
// parsed with the shared layout and partials (form fields, the scan field).
var pageTemplates = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", f))
	}
	return out
}()

// funcs are the helpers templates call to hand a partial its arguments.
var funcs = template.FuncMap{
	// field describes one labelled input for the "field" partial: its
	// name (the form key and the error's path), type and label key.
	"field": func(v view, name, typ, label string) formField {
		return formField{V: v, Name: name, Type: typ, Label: label}
	},
	// pick describes a select for the "select" partial: its name, label
	// key and choices, with "any" first.
	"pick": func(v view, name, label string, choices []choice) formChoice {
		return formChoice{V: v, Name: name, Label: label, Choices: choices}
	},
	// scan describes a scan field for the "scan" partial: a form posting
	// name to action, where a keyboard-wedge scanner types a code and
	// Enter submits it.
	"scan": func(v view, name, label, action string) formField {
		return formField{V: v, Name: name, Type: "text", Label: label, Action: action}
	},
}

// formChoice is the "select" partial's arguments.
type formChoice struct {
	V           view
	Name, Label string
	Choices     []choice
}

// formField is a partial's arguments.
type formField struct {
	V                         view
	Name, Type, Label, Action string
}

// view is what every template gets: the locale's strings through T, the
// person signed in (nil on public pages), field errors and typed values
// of a form shown again, and the page's own data.
type view struct {
	Locale string
	Title  string
	Person *people.Person
	Errors map[string]string // field -> message
	Form   map[string]string // field -> what was typed (never a password)
	Notice string
	Data   any
	// Path is the page's own address, where the language switch returns.
	Path string
	// Can says which mirrored operations the person's role admits, so the
	// navigation offers only the pages they may open.
	Can map[string]bool
}

// T returns the message key in the view's locale.
func (v view) T(key string) string { return text(v.Locale, key) }

// Tf is T with fmt arguments.
func (v view) Tf(key string, args ...any) string { return fmt.Sprintf(text(v.Locale, key), args...) }

// render writes a page; a template failure is logged and answered with a
// plain generic page, never a partial one.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	if v.Locale == "" {
		v.Locale = "en"
	}
	if v.Path == "" {
		v.Path = r.URL.Path
		if r.Method == http.MethodGet {
			v.Path = r.URL.RequestURI()
		}
	}
	if key := r.URL.Query().Get("done"); v.Notice == "" && key != "" && v.Person != nil {
		if msg := text(v.Locale, "done."+key); msg != "done."+key {
			v.Notice = msg // an action's outcome, after its redirect
		}
	}
	var buf bytes.Buffer
	if err := pageTemplates[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		c.cfg.Log.ErrorContext(r.Context(), "console template failed", "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("The console could not show this page.\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (c *Console) renderError(w http.ResponseWriter, r *http.Request, locale string, status int, message string) {
	c.render(w, r, status, "error", view{Locale: locale, Title: text(locale, "error.title"), Data: message})
}

// fieldErrors turns a validation error into messages by field, in the
// locale where the code has a translation, else the store's own words.
func fieldErrors(locale string, err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		msg := f.Message
		switch f.Code {
		case "wrong_credentials", "rate_limited", "common_password":
			msg = text(locale, "err."+f.Code)
		case errs.CodeOutOfRange:
			if f.Path == "password" {
				msg = text(locale, "err.password_length")
			}
		}
		if _, seen := out[f.Path]; !seen {
			out[f.Path] = msg
		}
	}
	return out
}

// done sends the browser on to path after an action succeeded (post,
// redirect, get: a reload does not repeat the action); the page there
// shows the message "done.<key>".
func done(w http.ResponseWriter, r *http.Request, path, key string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, path+sep+"done="+key, http.StatusSeeOther)
}
