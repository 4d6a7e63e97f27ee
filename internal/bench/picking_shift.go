package bench

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/waybill/waybill/internal/pick"
)

// shift is what one simulated shift did and how long each request took.
type shift struct {
	mu           sync.Mutex
	waves        []pick.Wave
	releaseTimes []time.Duration
	releasing    []span // when each wave's request was in flight
	scans        []span // every scan request: accepted, wrong and repeated
	claimTimes   []time.Duration
	accepted     int // scans booked
	wrong        int // wrong-bin scans refused with 422
	replayed     int // repeated scan_ids answered as replayed
	claims       int // tasks claimed
	picked       int // fulfilments the scans completed
	tasksDone    int
	units        int64
	elapsed      time.Duration
}

// span is when a request was sent and how long its answer took.
type span struct {
	at   time.Time
	took time.Duration
}

func (a span) overlaps(b span) bool {
	return a.at.Before(b.at.Add(b.took)) && b.at.Before(a.at.Add(a.took))
}

// scanTimes are the scans' times: all of them, and those of the scans
// sent while no wave was being released.
func (s *shift) scanTimes() (all, quiet []time.Duration) {
	for _, sc := range s.scans {
		all = append(all, sc.took)
		if !slices.ContainsFunc(s.releasing, sc.overlaps) {
			quiet = append(quiet, sc.took)
		}
	}
	return all, quiet
}

// shiftPlan is how the shift is run.
type shiftPlan struct {
	warehouse  string
	strategy   pick.Strategy
	waveOrders int
	cartTotes  int
	wrongRate  float64 // share of stops first scanned at a wrong bin
	replayRate float64 // share of accepted scans sent again with their scan_id
	seed       uint64
}

// runShift releases waves from the supervisor's client back to back until
// the queue is empty, while every picker claims the next task, scans each
// stop and claims again; a picker finding no open task waits while waves
// are still coming and goes home when they are not.
func runShift(ctx context.Context, sup *floorClient, pickers []*floorClient, p shiftPlan) (*shift, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s := &shift{}
	var released atomic.Bool
	var wg sync.WaitGroup
	start := time.Now()
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer released.Store(true)
		if err := s.releaseWaves(ctx, sup, p); err != nil {
			cancel(err)
		}
	}()
	for i, c := range pickers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pk := picker{n: i + 1, c: c, rng: rand.New(rand.NewPCG(p.seed, uint64(i+1))), plan: p, s: s}
			if err := pk.work(ctx, &released); err != nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	s.elapsed = time.Since(start)
	if err := context.Cause(ctx); err != nil {
		return s, err
	}
	return s, nil
}

// releaseWaves releases waves until the warehouse has nothing ready left
// (409).
func (s *shift) releaseWaves(ctx context.Context, sup *floorClient, p shiftPlan) error {
	req := pick.WaveRequest{Warehouse: p.warehouse, Strategy: p.strategy, MaxOrders: p.waveOrders, MaxLines: 100_000, CartTotes: p.cartTotes}
	for ctx.Err() == nil {
		var w pick.Wave
		t0 := time.Now()
		status, body, err := sup.post(ctx, "/v1/waves", req, &w)
		took := time.Since(t0)
		switch {
		case err != nil:
			return fmt.Errorf("release a wave: %w", err)
		case status == http.StatusConflict:
			return nil
		case status != http.StatusCreated:
			return unexpected("release a wave", status, body)
		}
		s.mu.Lock()
		s.waves, s.releaseTimes = append(s.waves, w), append(s.releaseTimes, took)
		s.releasing = append(s.releasing, span{t0, took})
		s.mu.Unlock()
	}
	return ctx.Err()
}

// picker is one person on the floor with a handheld.
type picker struct {
	n     int
	c     *floorClient
	rng   *rand.Rand
	plan  shiftPlan
	s     *shift
	tasks int
	scans int
}

func (pk *picker) work(ctx context.Context, released *atomic.Bool) error {
	claim := map[string]string{"warehouse": pk.plan.warehouse}
	for ctx.Err() == nil {
		done := released.Load() // read before the claim: a 404 after it means nothing is left
		var t pick.Task
		t0 := time.Now()
		status, body, err := pk.c.post(ctx, "/v1/pick-tasks/claim", claim, &t)
		took := time.Since(t0)
		switch {
		case err != nil:
			return fmt.Errorf("picker %d: claim: %w", pk.n, err)
		case status == http.StatusNotFound && done:
			return nil
		case status == http.StatusNotFound:
			time.Sleep(20 * time.Millisecond)
			continue
		case status != http.StatusOK:
			return unexpected(fmt.Sprintf("picker %d: claim", pk.n), status, body)
		}
		pk.s.mu.Lock()
		pk.s.claims++
		pk.s.claimTimes = append(pk.s.claimTimes, took)
		pk.s.mu.Unlock()
		pk.tasks++
		if err := pk.walk(ctx, t); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// walk scans every stop of a task in route order: the next stop's bin,
// item and what is left, into the tote of its cart position; now and then
// first at a wrong bin (refused) and now and then twice (replayed).
func (pk *picker) walk(ctx context.Context, t pick.Task) error {
	for t.Next != nil {
		l := *t.Next
		item := l.GTIN
		if item == "" {
			item = l.SKU
		}
		scan := pick.Scan{ScanID: pk.scanID(), Line: l.ID, Bin: l.Bin, Item: item, Quantity: l.Left(),
			Tote: fmt.Sprintf("P%02d-%05d-%d", pk.n, pk.tasks, l.Tote)}
		if pk.rng.Float64() < pk.plan.wrongRate {
			wrong := scan
			wrong.ScanID, wrong.Bin = pk.scanID(), otherBin(l.Bin)
			status, body, _, err := pk.scan(ctx, t.ID, wrong)
			if err != nil {
				return err
			}
			if status != http.StatusUnprocessableEntity || !bytes.Contains(body, []byte("wrong_bin")) {
				return unexpected(fmt.Sprintf("picker %d: a scan at the wrong bin %s was not refused", pk.n, wrong.Bin), status, body)
			}
			pk.s.count(func(s *shift) { s.wrong++ })
		}
		status, body, res, err := pk.scan(ctx, t.ID, scan)
		if err != nil {
			return err
		}
		if status != http.StatusOK || res.Replayed {
			return unexpected(fmt.Sprintf("picker %d: scan at %s", pk.n, l.Bin), status, body)
		}
		pk.s.count(func(s *shift) {
			s.accepted++
			s.units += scan.Quantity
			if res.FulfilmentPicked {
				s.picked++
			}
			if res.TaskDone {
				s.tasksDone++
			}
		})
		if pk.rng.Float64() < pk.plan.replayRate {
			status, body, again, err := pk.scan(ctx, t.ID, scan)
			if err != nil {
				return err
			}
			if status != http.StatusOK || !again.Replayed {
				return unexpected(fmt.Sprintf("picker %d: a repeated scan %s was not replayed", pk.n, scan.ScanID), status, body)
			}
			pk.s.count(func(s *shift) { s.replayed++ })
		}
		t = res.Task
	}
	if t.Status != pick.TaskDone {
		return fmt.Errorf("picker %d: task %s has no next stop but is %s", pk.n, t.ID, t.Status)
	}
	return nil
}

func (pk *picker) scanID() string {
	pk.scans++
	return fmt.Sprintf("P%02d-S%06d", pk.n, pk.scans)
}

// scan posts one scan and records how long the answer took.
func (pk *picker) scan(ctx context.Context, taskID string, in pick.Scan) (int, []byte, pick.ScanResult, error) {
	var res pick.ScanResult
	t0 := time.Now()
	status, body, err := pk.c.post(ctx, "/v1/pick-tasks/"+taskID+"/picks", in, &res)
	took := time.Since(t0)
	if err != nil {
		return status, body, res, fmt.Errorf("picker %d: scan: %w", pk.n, err)
	}
	pk.s.count(func(s *shift) { s.scans = append(s.scans, span{t0, took}) })
	return status, body, res, nil
}

func (s *shift) count(f func(*shift)) {
	s.mu.Lock()
	f(s)
	s.mu.Unlock()
}

// otherBin is a bin next to code on the same bay: another level.
func otherBin(code string) string {
	last := code[len(code)-1]
	if last == '1' {
		return code[:len(code)-1] + "2"
	}
	return code[:len(code)-1] + "1"
}
