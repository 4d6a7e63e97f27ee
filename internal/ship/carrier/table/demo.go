package table

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/waybill/waybill/internal/ship/rate"
)

// demoFiles are the demo's carriers, one JSON document each: Liberty Parcel
// from Newark (USD), Rheinpost from Frankfurt (EUR), Huadong Express from
// Shanghai (CNY) and Correio Rápido from Guarulhos (BRL), each with an
// economy and an express service at list prices of 2026.
//
//go:embed demo/*.json
var demoFiles embed.FS

// DemoDocuments are the demo carriers' rate documents as stored, for a
// store that keeps carriers as their JSON.
func DemoDocuments() ([][]byte, error) {
	names, err := fs.Glob(demoFiles, "demo/*.json")
	if err != nil {
		return nil, err
	}
	out := make([][]byte, 0, len(names))
	for _, name := range names {
		data, err := demoFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

// Demo parses the demo carriers, so the demo and tests ship with realistic
// zones, prices and transit times for the four demo warehouses.
func Demo() ([]rate.Carrier, error) {
	docs, err := DemoDocuments()
	if err != nil {
		return nil, err
	}
	out := make([]rate.Carrier, 0, len(docs))
	for i, data := range docs {
		c, err := rate.ParseCarrier(data)
		if err != nil {
			return nil, fmt.Errorf("demo carrier %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}
