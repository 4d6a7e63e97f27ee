package pack_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/pack"
)

// Packers at two stations scan the same fulfilment at once, seeded at
// random: right units, wrong and extra ones, each scan sent twice (a
// device's retry). Every scan_id books once, no line is packed beyond its
// quantity, every refusal is a 4xx kind, and when the units run out the
// parcel closes and the fulfilment is packed with exactly what it held.
func TestConcurrentPackScans(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStation(t, d)
		_, fid, _ := s.picked("C1", flowtest.Line("SKU-000", 6), flowtest.Line("SKU-001", 5))
		items := []string{"SKU-000", "SKU-001", "SKU-002", "SKU-000"}
		var wg sync.WaitGroup
		var mu sync.Mutex
		booked := map[string]string{} // scan_id → parcel
		for w, who := range []string{"a", "b"} {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(w), 7))
				for i := range 20 {
					in := pack.ItemScan{ScanID: fmt.Sprintf("%s-%d", who, i), Item: items[rng.IntN(len(items))]}
					for range 2 {
						r, err := s.Packing.Scan(as(ann), fid, in)
						if err != nil {
							require.True(t, errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict), "%v", err)
							continue
						}
						mu.Lock()
						if prev, ok := booked[in.ScanID]; ok {
							require.Equal(t, prev, r.Parcel, "a replay answers the parcel it booked")
						}
						booked[in.ScanID] = r.Parcel
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		require.Equal(t, int64(len(booked)), s.count(`SELECT count(*) FROM pack_scans WHERE fulfilment_id = $1`, fid))
		require.Equal(t, int64(len(booked)), s.count(`SELECT coalesce(sum(quantity), 0) FROM parcel_items`))
		s.reconciled()
		st, err := s.Packing.Station(as(ann), fid)
		require.NoError(t, err)
		for _, l := range st.Lines {
			for l.Left() > 0 {
				_, err := s.Packing.Scan(as(bob), fid, pack.ItemScan{ScanID: fmt.Sprintf("fill-%s-%d", l.SKU, l.Left()), Item: l.SKU})
				require.NoError(t, err)
				l.Packed++
			}
		}
		st, err = s.Packing.Station(as(ann), fid)
		require.NoError(t, err)
		require.Zero(t, st.Left)
		done, err := s.Packing.Close(as(bob), st.Parcels[0].ID, pack.CloseParcel{ScanID: "close", Carton: "L", WeightG: 11*500 + 600})
		require.NoError(t, err)
		require.True(t, done.Done)
		s.reconciled()
	})
}
