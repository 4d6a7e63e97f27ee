package warehouse

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// twoBlocks is a valid two-block layout over the bins of twoBlockBins.
func twoBlocks() Layout {
	return Layout{
		Blocks:      []Block{{"F", 10}, {"B", 10}},
		CrossAisles: []CrossAisle{{2}, {2}, {2}},
		Aisles: []Aisle{{"A-01", "F", 1, 10}, {"A-02", "F", 4, 10}, {"A-03", "F", 7, 10},
			{"B-01", "B", 1, 10}, {"B-02", "B", 4, 8}},
		Depot: Depot{"A-01", 3},
		Zones: []Zone{{"A", ZoneAmbient}, {"B", ZoneCold}},
		Bins: []Placement{{"A-01-01-1", "A-01", SideLeft, 1, 1, "A", true}, {"A-03-05-2", "A-03", SideRight, 9, 2, "A", true},
			{"B-02-03-4", "B-02", SideLeft, 6, 4, "B", false}},
	}
}

func twoBlockBins() []BinInput {
	return []BinInput{{Code: "A-01-01-1", X: 1, Y: 1}, {Code: "A-03-05-2", X: 7, Y: 9}, {Code: "B-02-03-4", X: 4, Y: 18}}
}

func TestCheckLayout(t *testing.T) {
	known := map[string]bool{"A-01-01-1": true, "A-03-05-2": true, "B-02-03-4": true}
	cases := []struct {
		name   string
		modify func(*Layout)
		want   []string
	}{
		{"valid", func(*Layout) {}, nil},
		{"no blocks", func(l *Layout) { l.Blocks = nil; l.CrossAisles = l.CrossAisles[:1] }, []string{"blocks out_of_range",
			"aisles[0].block unknown_value", "aisles[1].block unknown_value", "aisles[2].block unknown_value",
			"aisles[3].block unknown_value", "aisles[4].block unknown_value"}},
		{"block code twice", func(l *Layout) { l.Blocks[1].Code = "f" }, []string{"blocks[1].code duplicate",
			"aisles[3].block unknown_value", "aisles[4].block unknown_value"}},
		{"block without length", func(l *Layout) { l.Blocks[0].Length = 0 }, []string{"blocks[0].length out_of_range",
			"aisles[0].length out_of_range", "aisles[1].length out_of_range", "aisles[2].length out_of_range"}},
		{"cross aisles missing", func(l *Layout) { l.CrossAisles = l.CrossAisles[:2] }, []string{"cross_aisles out_of_range"}},
		{"cross aisle nan", func(l *Layout) { l.CrossAisles[1].Width = math.NaN() }, []string{"cross_aisles[1].width out_of_range"}},
		{"aisle too long", func(l *Layout) { l.Aisles[3].Length = 11 }, []string{"aisles[3].length out_of_range"}},
		{"aisle of no block", func(l *Layout) { l.Aisles[2].Block = "Z" }, []string{"aisles[2].block unknown_value"}},
		{"aisle code empty", func(l *Layout) { l.Aisles[4].Code = " " }, []string{"aisles[4].code required",
			"bins[2].aisle unknown_value"}},
		{"aisle negative x", func(l *Layout) { l.Aisles[0].X = -1 }, []string{"aisles[0].x out_of_range"}},
		{"depot off the layout", func(l *Layout) { l.Depot.Aisle = "Q-9" }, []string{"depot.aisle unknown_value"}},
		{"depot at the back", func(l *Layout) { l.Depot.Aisle = "B-01" }, []string{"depot.aisle out_of_range"}},
		{"depot far", func(l *Layout) { l.Depot.Distance = 1e6 }, []string{"depot.distance out_of_range"}},
		{"zone kind", func(l *Layout) { l.Zones[1].Kind = "frozen" }, []string{"zones[1].kind unknown_value"}},
		{"bin unknown", func(l *Layout) { l.Bins[0].Bin = "C-01-01-1" }, []string{"bins[0].bin unknown_value"}},
		{"bin bad code", func(l *Layout) { l.Bins[0].Bin = "A-1" }, []string{"bins[0].bin invalid_format"}},
		{"bin twice", func(l *Layout) { l.Bins[1].Bin = "a-1-1-1" }, []string{"bins[1].bin duplicate"}},
		{"bin on no aisle", func(l *Layout) { l.Bins[1].Aisle = "A-09" }, []string{"bins[1].aisle unknown_value"}},
		{"bin past the aisle", func(l *Layout) { l.Bins[2].Position = 8.5 }, []string{"bins[2].position out_of_range"}},
		{"bin side", func(l *Layout) { l.Bins[0].Side = "up" }, []string{"bins[0].side unknown_value"}},
		{"bin level", func(l *Layout) { l.Bins[0].Level = 100 }, []string{"bins[0].level out_of_range"}},
		{"bin zone", func(l *Layout) { l.Bins[0].Zone = "C" }, []string{"bins[0].zone unknown_value"}},
	}
	for _, c := range cases {
		l := twoBlocks()
		c.modify(&l)
		_, f := l.check(known)
		var got []string
		for _, e := range f {
			got = append(got, e.Path+" "+e.Code)
		}
		require.Equal(t, c.want, got, c.name)
	}
}

func TestLayoutPutGet(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, w := withBerlin(t, d)
		_, err := s.Layout(ctx, "BER-1")
		require.True(t, errs.Is(err, errs.NotFound), err)
		_, err = s.AddBins(ctx, "BER-1", twoBlockBins())
		require.NoError(t, err)

		in := twoBlocks()
		in.Aisles[0].Code, in.Bins[0].Aisle, in.Depot.Aisle = "a-01", "a-01", "a-01" // normalised
		got, err := s.PutLayout(ctx, w.ID, in)
		require.NoError(t, err)
		want := twoBlocks()
		require.Equal(t, "BER-1", got.Warehouse)
		require.NotNil(t, got.UpdatedAt)
		got.Warehouse, got.UpdatedAt = "", nil
		require.Equal(t, want, got)
		read, err := s.Layout(ctx, "ber-1")
		require.NoError(t, err)
		read.Warehouse, read.UpdatedAt = "", nil
		require.Equal(t, want, read)

		// A refused Put leaves the old layout; a good one replaces all of it.
		before := counts(t, d)
		bad := twoBlocks()
		bad.Bins[2].Position = 99
		_, err = s.PutLayout(ctx, "BER-1", bad)
		require.Equal(t, []string{"bins[2].position"}, paths(err))
		require.Equal(t, before, counts(t, d))
		small := twoBlocks()
		small.Blocks, small.CrossAisles, small.Aisles, small.Bins = small.Blocks[:1], small.CrossAisles[:2], small.Aisles[:1], small.Bins[:1]
		_, err = s.PutLayout(ctx, "BER-1", small)
		require.NoError(t, err)
		read, err = s.Layout(ctx, "BER-1")
		require.NoError(t, err)
		require.Len(t, read.Bins, 1)
		require.Len(t, read.Aisles, 1)
		require.Equal(t, before["audit_log"]+1, rowCount(t, d, "audit_log"))
		require.Equal(t, 1, rowCount(t, d, "bin_placements"))
	})
}

func paths(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Path)
	}
	return out
}

func TestDeriveFromCodes(t *testing.T) {
	bins := grid(GridSpec{Zones: []string{"A"}, Aisles: 3, Bays: 4, Levels: 3})
	l := Derive(bins)
	_, f := l.check(nil)
	require.NoError(t, f.Err())
	require.Equal(t, []Block{{"1", 4.6}}, l.Blocks)
	require.Equal(t, []Aisle{{"A-01", "1", 0, 4.6}, {"A-02", "1", 3, 4.6}, {"A-03", "1", 6, 4.6}}, l.Aisles)
	require.Equal(t, Depot{"A-01", 0.7}, l.Depot)
	require.Equal(t, []Zone{{"A", ZoneAmbient}}, l.Zones)
	require.Len(t, l.Bins, 36)
	require.Equal(t, Placement{"A-02-02-3", "A-02", SideRight, 1.7, 3, "A", false}, l.Bins[17])
	require.Equal(t, Placement{"A-01-01-1", "A-01", SideLeft, 0.5, 1, "A", true}, l.Bins[0])
}

func TestDeriveByX(t *testing.T) {
	// The codes name one aisle for bins 20 m apart: they do not describe
	// the floor, so the bins are clustered by x.
	bins := []Bin{{Code: "A-01-01-1", X: 2, Y: 5}, {Code: "A-01-02-1", X: 2.8, Y: 6}, {Code: "A-01-03-B", X: 22, Y: 5},
		{Code: "A-02-01-1", X: 22.5, Y: 9}}
	l := Derive(bins)
	_, f := l.check(nil)
	require.NoError(t, f.Err())
	require.Equal(t, []Aisle{{"X01", "1", 2.4, 2}, {"X02", "1", 22.25, 5}}, l.Aisles)
	require.Equal(t, []Placement{{"A-01-01-1", "X01", SideLeft, 0.5, 1, "A", true}, {"A-01-02-1", "X01", SideRight, 1.5, 1, "A", true},
		{"A-01-03-B", "X02", SideLeft, 0.5, 2, "A", true}, {"A-02-01-1", "X02", SideRight, 4.5, 1, "A", true}}, l.Bins)
	require.Equal(t, Depot{"X01", 4.5}, l.Depot)
}

func grid(spec GridSpec) []Bin {
	var out []Bin
	for _, in := range Grid(spec) {
		out = append(out, Bin{Code: in.Code, X: in.X, Y: in.Y})
	}
	return out
}

func TestDeriveStored(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, _ := withBerlin(t, d)
		_, err := s.DeriveLayout(ctx, "BER-1")
		require.True(t, errs.Is(err, errs.Conflict), err)
		_, err = s.AddBins(ctx, "BER-1", Grid(GridSpec{Zones: []string{"A", "B"}, Aisles: 2, Bays: 3, Levels: 2}))
		require.NoError(t, err)
		l, err := s.DeriveLayout(ctx, "BER-1")
		require.NoError(t, err)
		require.Equal(t, 0, rowCount(t, d, "warehouse_layouts"), "derive stores nothing")
		_, err = s.PutLayout(ctx, "BER-1", l)
		require.NoError(t, err)
	})
}

// FuzzReadPlacements feeds arbitrary files to the placement CSV reader: it
// must not panic, and every problem names the file or a row's column.
func FuzzReadPlacements(f *testing.F) {
	f.Add("bin_code,aisle,side,position,level,zone,pick_face\nA-01-01-1,A-01,left,1.5,1,A,true\n")
	f.Add("bin_code,aisle,side,position,level,zone,pick_face\n\"A,1\nx,,,NaN,1e99,,maybe\n")
	f.Add("\ufeffBIN_CODE,Aisle\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, file string) {
		rows, fields := readPlacements(strings.NewReader(file))
		for _, e := range fields {
			if e.Path != "csv" && !strings.HasPrefix(e.Path, "rows[") {
				t.Fatalf("problem at %q", e.Path)
			}
		}
		if len(fields) == 0 {
			require.NotEmpty(t, rows)
		}
	})
}
