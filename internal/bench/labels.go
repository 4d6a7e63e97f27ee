package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/document"
)

// This file is `waybill bench labels`: how many 4x6 shipping labels a
// second internal/document renders as ZPL and as PDF, on one core and on
// all of them, against the pack station's targets.

// LabelsOptions configure a label benchmark.
type LabelsOptions struct {
	Seconds float64 // per measurement; six are taken
	Workers int     // goroutines of the all-cores runs; 0: GOMAXPROCS
}

// LabelsReport is every figure of one run. ZPLPerSec and PDFPerSec are the
// headline: a domestic label with Latin text, on all cores. Chinese labels
// embed a Chinese font in the PDF and are reported apart.
type LabelsReport struct {
	CPUs      int     `json:"cpus"`
	Seconds   float64 `json:"seconds_per_measurement"`
	ZPLPerSec float64 `json:"zpl_per_sec"`
	PDFPerSec float64 `json:"pdf_per_sec"`

	OneCore  LabelSpeed `json:"one_core"`
	AllCores LabelSpeed `json:"all_cores"`
	// PerCPUSec is labels per second of CPU the process used in the
	// all-cores runs: what a core renders when it is not shared, which
	// other work on the machine does not lower.
	PerCPUSec LabelSpeed `json:"per_cpu_sec"`
	ZPLBytes  int        `json:"zpl_bytes"`
	PDFBytes  int        `json:"pdf_bytes"`
	// PDFChineseBytes is a Chinese label's PDF, its font subset embedded.
	PDFChineseBytes int `json:"pdf_chinese_bytes"`
	Targets         struct {
		ZPL bool `json:"zpl_per_sec_at_least_10000"`
		PDF bool `json:"pdf_per_sec_at_least_200"`
	} `json:"targets_met"`
}

// LabelSpeed is labels per second of each kind.
type LabelSpeed struct {
	ZPL        float64 `json:"zpl"`
	PDF        float64 `json:"pdf"`
	PDFChinese float64 `json:"pdf_chinese"`
}

// The pack station's targets.
const (
	targetZPLPerSec = 10_000
	targetPDFPerSec = 200
)

// RunLabels measures label rendering. Every label rendered has its own
// tracking and order number, so nothing can be served from a cache.
func RunLabels(ctx context.Context, o LabelsOptions) (LabelsReport, error) {
	if o.Seconds <= 0 {
		o.Seconds = 1
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	rep := LabelsReport{CPUs: runtime.NumCPU(), Seconds: o.Seconds}
	latin, chinese := benchLabel(false), benchLabel(true)
	zpl := func(l document.Label) ([]byte, error) { return document.LabelZPL(l, document.Options{}) }
	pdf := func(l document.Label) ([]byte, error) { return document.LabelPDF(l, document.Options{}) }
	for _, m := range []struct {
		dst    *float64
		render func(document.Label) ([]byte, error)
		label  document.Label
		size   *int
	}{
		{&rep.OneCore.ZPL, zpl, latin, &rep.ZPLBytes},
		{&rep.OneCore.PDF, pdf, latin, &rep.PDFBytes},
		{&rep.OneCore.PDFChinese, pdf, chinese, &rep.PDFChineseBytes},
	} {
		out, err := m.render(m.label)
		if err != nil {
			return rep, err
		}
		*m.size = len(out)
		if *m.dst, _, err = labelRate(ctx, 1, o.Seconds, m.label, m.render); err != nil {
			return rep, err
		}
	}
	var err error
	if rep.AllCores.ZPL, rep.PerCPUSec.ZPL, err = labelRate(ctx, o.Workers, o.Seconds, latin, zpl); err != nil {
		return rep, err
	}
	if rep.AllCores.PDF, rep.PerCPUSec.PDF, err = labelRate(ctx, o.Workers, o.Seconds, latin, pdf); err != nil {
		return rep, err
	}
	if rep.AllCores.PDFChinese, rep.PerCPUSec.PDFChinese, err = labelRate(ctx, o.Workers, o.Seconds, chinese, pdf); err != nil {
		return rep, err
	}
	rep.ZPLPerSec, rep.PDFPerSec = rep.AllCores.ZPL, rep.AllCores.PDF
	rep.Targets.ZPL = rep.ZPLPerSec >= targetZPLPerSec
	rep.Targets.PDF = rep.PDFPerSec >= targetPDFPerSec
	return rep, nil
}

// labelRate renders labels on workers goroutines for seconds and returns
// how many were rendered per second of wall clock and per second of the
// process's CPU time, each with its own tracking number.
func labelRate(ctx context.Context, workers int, seconds float64, l document.Label, render func(document.Label) ([]byte, error)) (wall, cpu float64, err error) {
	var (
		done  atomic.Int64
		stop  atomic.Bool
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
	)
	start, cpu0 := time.Now(), cpuTime()
	deadline := start.Add(time.Duration(seconds * float64(time.Second)))
	for w := range workers {
		wg.Go(func() {
			l := l
			for i := 0; !stop.Load(); i++ {
				l.Tracking = fmt.Sprintf("1Z%02d%012d", w, i)
				l.OrderNumber = fmt.Sprintf("ORD-%02d-%08d", w, i)
				if _, err := render(l); err != nil {
					errMu.Lock()
					first = err
					errMu.Unlock()
					stop.Store(true)
					return
				}
				done.Add(1)
				if i%16 == 0 && (time.Now().After(deadline) || ctx.Err() != nil) {
					stop.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return 0, 0, first
	}
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	n := float64(done.Load())
	wall = n / time.Since(start).Seconds()
	if used := cpuTime() - cpu0; used > 0 {
		cpu = n / used
	}
	return wall, cpu, nil
}

// benchLabel is a realistic label: domestic US with Latin text, or to
// China with the address in Chinese.
func benchLabel(chinese bool) document.Label {
	l := document.Label{
		Sender:      address.Address{Name: "Waybill Fulfilment", Company: "Dock 4", Line1: "500 Industrial Way", City: "Reno", Region: "NV", PostalCode: "89502", Country: "US"},
		Recipient:   address.Address{Name: "Ada Lovelace", Line1: "1 Market St", Line2: "Suite 300", City: "San Francisco", Region: "CA", PostalCode: "94105", Country: "US"},
		OrderNumber: "ORD-1", Parcel: 1, Parcels: 2, WeightGrams: 1250,
		Carrier: "UPS", Service: "Ground", SortCode: "CA 941 9-05", Tracking: "1Z1",
		RecipientPhone: "+1 415 555 0199",
		References:     []document.Reference{{Name: "PO", Value: "PO-7781"}},
	}
	if chinese {
		l.Recipient = address.Address{Name: "王小明", Line1: "南京东路100号", District: "黄浦区", City: "上海市", Region: "上海市", PostalCode: "200001", Country: "CN"}
		l.Carrier, l.Service = "顺丰速运", "标快"
	}
	return l
}

// String is the report for people.
func (r LabelsReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Shipping labels, 4x6 in, %.1f s per measurement, %d CPUs\n", r.Seconds, r.CPUs)
	fmt.Fprintf(&b, "%-24s %10s %10s %12s\n", "", "one core", "all cores", "per CPU-s")
	fmt.Fprintf(&b, "%-24s %10.0f %10.0f %12.0f   target >= %d/s on all cores: %s\n", "ZPL labels/s", r.OneCore.ZPL, r.AllCores.ZPL, r.PerCPUSec.ZPL, targetZPLPerSec, met(r.Targets.ZPL))
	fmt.Fprintf(&b, "%-24s %10.0f %10.0f %12.0f   target >= %d/s on all cores: %s\n", "PDF labels/s (Latin)", r.OneCore.PDF, r.AllCores.PDF, r.PerCPUSec.PDF, targetPDFPerSec, met(r.Targets.PDF))
	fmt.Fprintf(&b, "%-24s %10.0f %10.0f %12.0f   (embeds a Chinese font subset)\n", "PDF labels/s (Chinese)", r.OneCore.PDFChinese, r.AllCores.PDFChinese, r.PerCPUSec.PDFChinese)
	if load := loadAverage(); load > float64(r.CPUs) {
		fmt.Fprintf(&b, "note: load average %.1f on %d CPUs while measuring: wall-clock rates are shared; per CPU-s is what a core does\n", load, r.CPUs)
	}
	fmt.Fprintf(&b, "sizes: ZPL %d B, PDF %d B, Chinese PDF %d B\n", r.ZPLBytes, r.PDFBytes, r.PDFChineseBytes)
	return b.String()
}

// loadAverage is the one-minute load average (Linux), 0 when unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}
