package console

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
)

// choiceTemplate is a labelled select showing the value typed (or stored)
// and its problem beside it, as the "field" partial does for inputs.
var choiceTemplate = template.Must(template.New("choice").Parse(`<div class="field">
  <label for="{{.Name}}">{{.Label}}</label>
  <select id="{{.Name}}" name="{{.Name}}"{{with .Error}} aria-invalid="true" aria-describedby="{{$.Name}}-error"{{end}}>
  {{range .Options}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Text}}</option>{{end}}
  </select>
  {{with .Error}}<p class="error" id="{{$.Name}}-error">{{.}}</p>{{end}}
</div>`))

type choiceOption struct {
	Value, Text string
	Selected    bool
}

// Choice renders a select named name with the label key label, one option
// per element of values (a slice), each shown as the message prefix+value
// where the strings have one, else as the value itself.
func (v view) Choice(name, label, prefix string, values any) (template.HTML, error) {
	data := struct {
		Name, Label, Error string
		Options            []choiceOption
	}{Name: name, Label: v.T(label), Error: v.Errors[name]}
	list := reflect.ValueOf(values)
	for i := range list.Len() {
		val := fmt.Sprint(list.Index(i).Interface())
		data.Options = append(data.Options, choiceOption{Value: val, Text: word(v.Locale, prefix, val), Selected: v.Form[name] == val})
	}
	var buf bytes.Buffer
	err := choiceTemplate.Execute(&buf, data)
	return template.HTML(buf.String()), err //nolint:gosec // html/template escaped it
}
