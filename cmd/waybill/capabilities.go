package main

import (
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// registerCapabilities adds each capability's operations, in the order of the
// flow an order takes.
func registerCapabilities(api *httpapi.API, d *db.DB) {
}
