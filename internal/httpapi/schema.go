package httpapi

import (
	"path"
	"reflect"
	"strings"
	"unicode"
)

// schemaName names OpenAPI schemas after their package and type ("AuditEntry",
// "InventoryEntry", "PageCatalogProduct"), because capabilities reuse short
// type names and huma's default namer would make them collide. Types of this
// package and of the standard library keep their bare names; so does a type
// whose name already starts with its package's ("WarehouseInput" stays).
func schemaName(t reflect.Type, hint string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if name == "" {
		return upperFirst(hint)
	}
	if t.PkgPath() != "" {
		name = t.PkgPath() + "." + name
	}
	name = strings.ReplaceAll(name, "[]", "List[")
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool {
		return r == '[' || r == ']' || r == '*' || r == ','
	}) {
		b.WriteString(qualified(part))
	}
	return b.String()
}

// qualified turns "example.com/x/internal/audit.Entry" into "AuditEntry".
func qualified(part string) string {
	dot := strings.LastIndex(part, ".")
	pkgPath, base := part[:max(dot, 0)], part[dot+1:]
	base = upperFirst(base)
	if !strings.Contains(pkgPath, "/internal/") {
		return base
	}
	pkg := upperFirst(path.Base(pkgPath))
	if pkg == "Httpapi" || strings.HasPrefix(base, pkg) {
		return base
	}
	return pkg + base
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
