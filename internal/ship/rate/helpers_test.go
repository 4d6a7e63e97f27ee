package rate

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// example parses testdata/example.json, the documented sample carrier.
func example(t testing.TB) Carrier {
	t.Helper()
	data, err := os.ReadFile("testdata/example.json")
	require.NoError(t, err)
	c, err := ParseCarrier(data)
	require.NoError(t, err)
	return c
}

// exampleWith parses the sample carrier after edit changed its JSON form.
func exampleWith(t testing.TB, edit func(doc map[string]any)) error {
	t.Helper()
	data, err := os.ReadFile("testdata/example.json")
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	edit(doc)
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	_, err = ParseCarrier(data)
	return err
}

// svc is the sample's i-th service in its JSON form, for edits.
func svc(doc map[string]any, i int) map[string]any {
	return doc["services"].([]any)[i].(map[string]any)
}
