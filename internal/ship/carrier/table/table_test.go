package table

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/rate"
)

// counter is a test Serials: the ship store's counter row, in memory.
type counter struct {
	mu   sync.Mutex
	next map[string]int64
}

func (c *counter) draw(_ context.Context, series string, n int) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.next == nil {
		c.next = map[string]int64{}
	}
	first := c.next[series] + 1
	c.next[series] += int64(n)
	return first, nil
}

func demoCarrier(t *testing.T, code string) (*Carrier, *counter) {
	t.Helper()
	all, err := Demo()
	require.NoError(t, err)
	for _, c := range all {
		if c.Code == code {
			n := &counter{}
			return New(c, n.draw), n
		}
	}
	t.Fatalf("no demo carrier %s", code)
	return nil, nil
}

var frankfurt = address.Address{Name: "Frankfurt EU Hub", Line1: "Cargo City Süd, Gebäude 537", City: "Frankfurt am Main", PostalCode: "60549", Country: "DE"}

func booking(key string, to address.Address, parcels ...ship.CreateParcel) ship.CreateRequest {
	return ship.CreateRequest{IdempotencyKey: key, Service: "paket", Origin: "DE-FRA1", From: frankfurt, To: to,
		Parcels: parcels, OrderRef: "WB-1001"}
}

var berlin = address.Address{Name: "Ada Muster", Line1: "Invalidenstraße 1", City: "Berlin", PostalCode: "10115", Country: "DE"}

func TestCreateMakesCheckableTrackingNumbers(t *testing.T) {
	c, _ := demoCarrier(t, "rheinpost")
	got, err := c.Create(context.Background(), booking("k1", berlin,
		ship.CreateParcel{Reference: "P1", WeightG: 1200, LengthMM: 300, WidthMM: 200, HeightMM: 150},
		ship.CreateParcel{Reference: "P2", WeightG: 800, LengthMM: 200, WidthMM: 200, HeightMM: 100}))
	require.NoError(t, err)
	require.Equal(t, "CP000000014DE", got.Parcels[0].TrackingNumber)
	require.Equal(t, "CP000000028DE", got.Parcels[1].TrackingNumber)
	require.Equal(t, "DE-DE101", got.Parcels[0].RoutingCode)
	require.Equal(t, "rheinpost-CP000000014DE", got.ShipmentID)
	require.Equal(t, "EUR", got.Currency)
	require.Positive(t, got.Total)
	for _, p := range got.Parcels {
		require.True(t, ValidS10(p.TrackingNumber), p.TrackingNumber)
	}
	again, err := c.Create(context.Background(), booking("k2", berlin, ship.CreateParcel{Reference: "P3", WeightG: 500, LengthMM: 100, WidthMM: 100, HeightMM: 100}))
	require.NoError(t, err)
	require.Equal(t, "CP000000031DE", again.Parcels[0].TrackingNumber, "the next serial")
}

func TestCreateWithoutSerialsIsAnErrorNotAPanic(t *testing.T) {
	all, err := Demo()
	require.NoError(t, err)
	_, err = New(all[0], nil).Create(context.Background(), ship.CreateRequest{IdempotencyKey: "k", Service: all[0].Services[0].Code,
		Origin: all[0].Services[0].Origins[0].Warehouse, From: address.Address{Country: "BR"}, To: address.Address{Country: "BR", PostalCode: "01310-100"},
		Parcels: []ship.CreateParcel{{Reference: "P", WeightG: 100, LengthMM: 100, WidthMM: 100, HeightMM: 100}}})
	require.True(t, errs.Is(err, errs.Internal), "%v", err)
}

func TestBookIsPure(t *testing.T) {
	c, _ := demoCarrier(t, "rheinpost")
	req := booking("k1", berlin, ship.CreateParcel{Reference: "P1", WeightG: 1200, LengthMM: 300, WidthMM: 200, HeightMM: 150})
	a, err := c.Book(req, 4711)
	require.NoError(t, err)
	b, err := c.Book(req, 4711)
	require.NoError(t, err)
	require.Equal(t, a, b)
	series, err := c.Series(req)
	require.NoError(t, err)
	require.Equal(t, "S10:CP:DE", series)
	_, err = c.Book(req, MaxSerial+1)
	require.True(t, errs.Is(err, errs.Conflict), "%v", err)
}

func TestCreateNamesTheFieldTheServiceRefuses(t *testing.T) {
	c, _ := demoCarrier(t, "rheinpost")
	ok := ship.CreateParcel{Reference: "P1", WeightG: 1000, LengthMM: 300, WidthMM: 200, HeightMM: 100}
	cases := []struct {
		name  string
		req   ship.CreateRequest
		field string
	}{
		{"too heavy", booking("k", berlin, ok, ship.CreateParcel{Reference: "P2", WeightG: 40000, LengthMM: 300, WidthMM: 200, HeightMM: 100}), "parcels[1].weight_g"},
		{"too big", booking("k", berlin, ship.CreateParcel{Reference: "P2", WeightG: 1000, LengthMM: 1500, WidthMM: 200, HeightMM: 100}), "parcels[0].length_mm"},
		{"no zone", booking("k", address.Address{PostalCode: "00100", Country: "IT"}, ok), "to.postal_code"},
		{"no reference", booking("k", berlin, ship.CreateParcel{WeightG: 1000, LengthMM: 300, WidthMM: 200, HeightMM: 100}), "parcels[0].reference"},
		{"no key", booking("", berlin, ok), "idempotency_key"},
		{"no parcels", booking("k", berlin), "parcels"},
		{"bad weight", booking("k", berlin, ship.CreateParcel{Reference: "P", WeightG: -5, LengthMM: 300, WidthMM: 200, HeightMM: 100}), "parcels[0].weight_g"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Create(context.Background(), tc.req)
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			require.Equal(t, tc.field, errs.FieldsOf(err)[0].Path, "%v", err)
		})
	}
	req := booking("k", berlin, ok)
	req.Service = "rocket"
	_, err := c.Create(context.Background(), req)
	require.Equal(t, "service", errs.FieldsOf(err)[0].Path)
}

func TestVoidAndManifestArePure(t *testing.T) {
	c, _ := demoCarrier(t, "rheinpost")
	ctx := context.Background()
	one, err := c.Create(ctx, booking("k1", berlin, ship.CreateParcel{Reference: "P1", WeightG: 1000, LengthMM: 300, WidthMM: 200, HeightMM: 100}))
	require.NoError(t, err)
	two, err := c.Create(ctx, booking("k2", berlin, ship.CreateParcel{Reference: "P2", WeightG: 1000, LengthMM: 300, WidthMM: 200, HeightMM: 100}))
	require.NoError(t, err)

	require.NoError(t, c.Void(ctx, ship.VoidRequest{ShipmentID: one.ShipmentID}))
	require.True(t, errs.Is(c.Void(ctx, ship.VoidRequest{ShipmentID: "liberty-CP000000015US"}), errs.NotFound))

	day := rate.Date{Year: 2026, Month: time.December, Day: 7}
	list := []ship.ManifestShipment{
		{ShipmentID: two.ShipmentID, TrackingNumbers: []string{two.Parcels[0].TrackingNumber}},
		{ShipmentID: one.ShipmentID, TrackingNumbers: []string{one.Parcels[0].TrackingNumber}},
	}
	m, err := c.Manifest(ctx, ship.ManifestRequest{Origin: "DE-FRA1", Date: day, Shipments: list})
	require.NoError(t, err)
	require.Equal(t, 2, m.Parcels)
	require.Equal(t, one.ShipmentID, m.Shipments[0].ShipmentID)
	require.Regexp(t, `^rheinpost-DE-FRA1-20261207-[0-9a-f]{10}$`, m.ID)
	again, err := c.Manifest(ctx, ship.ManifestRequest{Origin: "DE-FRA1", Date: day, Shipments: []ship.ManifestShipment{list[1], list[0]}})
	require.NoError(t, err)
	require.Equal(t, m, again, "the same close gives the same manifest")

	_, err = c.Manifest(ctx, ship.ManifestRequest{Origin: "DE-FRA1", Date: day, Shipments: []ship.ManifestShipment{
		list[0], list[0], {ShipmentID: "other-1", TrackingNumbers: []string{"CP000000016DE"}}}})
	var paths []string
	for _, f := range errs.FieldsOf(err) {
		paths = append(paths, f.Path)
	}
	require.Equal(t, []string{"shipments[1].shipment_id", "shipments[2].shipment_id", "shipments[2].tracking_numbers[0]"}, paths)
}
