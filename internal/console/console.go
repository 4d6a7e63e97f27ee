// Package console is Waybill's web console for people: server-rendered
// pages (html/template, htmx) on the same mux as the API. Each page that
// shows or changes data mirrors an API operation and admits exactly the
// roles that operation declares (httpapi.API.OperationRoles), so there is
// one role list. People, passwords and sessions live in internal/people.
package console

import (
	"embed"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/shortage"
	"github.com/waybill/waybill/internal/track"
	"github.com/waybill/waybill/internal/warehouse"
)

//go:embed static
var static embed.FS

// Config is what the console needs from the rest of the system.
// The stores are the ones cmd/waybill wired for the API, hooks included,
// so an action taken on a page has every effect the API's has.
type Config struct {
	API         *httpapi.API // where the operations the pages mirror are registered
	People      *people.Store
	Keys        *auth.Keys
	Products    *catalog.Store
	Warehouses  *warehouse.Store
	Stock       *inventory.Store
	Orders      *order.Store
	Review      *review.Store
	Payments    *payment.Store
	Shortages   *shortage.Store
	Fulfilments *fulfilment.Store
	Floor       *pick.Store  // waves, pick tasks, scans, put-aways
	Packing     *pack.Store  // the pack station: parcels, cartons, weights
	Shipping    *ship.Store  // dispatch: bookings, staging, manifests, handovers
	Tracking    *track.Store // the parcels' way to the door: the public tracking page, the order page's parcels, the exception cases, COD cash
	Settings    *setting.Store
	Log         *slog.Logger
	// PageSize is how many rows a list page shows (default 50).
	PageSize int
}

// Console serves the pages. Build it with New after every API operation is
// registered, then Mount it.
type Console struct {
	cfg     Config
	roles   map[string][]actor.Role // operation id -> roles, read once from the API
	missing []string                // operations a page mirrors that the API lacks
	csrf    *http.CrossOriginProtection
	pages   []mounted
}

type mounted struct {
	pattern string
	h       http.Handler
}

// The operations the pages mirror. New refuses to build a console whose
// operation is not registered, so a renamed operation fails at start.
const (
	opListOrders  = "list-orders"
	opListAPIKeys = "list-api-keys"
)

// New builds the console over cfg.
func New(cfg Config) (*Console, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 50
	}
	c := &Console{cfg: cfg, roles: map[string][]actor.Role{}, csrf: http.NewCrossOriginProtection()}
	c.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.renderError(w, r, requestLocale(r), http.StatusForbidden, text(requestLocale(r), "error.csrf"))
	}))
	c.routes()
	if len(c.missing) > 0 {
		return nil, fmt.Errorf("console: the pages for %v need those operations registered with their roles first", c.missing)
	}
	return c, nil
}

// Mount adds every page and asset to the server's mux, and the console's
// own page for a path nothing serves.
func (c *Console) Mount(srv interface {
	Handle(pattern string, h http.Handler)
	HandleUnmatchedPages(fn func(w http.ResponseWriter, r *http.Request, status int))
}) {
	for _, p := range c.pages {
		srv.Handle(p.pattern, p.h)
	}
	srv.HandleUnmatchedPages(func(w http.ResponseWriter, r *http.Request, status int) {
		secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { c.noSuchPage(w, r, status) })).ServeHTTP(w, r)
	})
}

// noSuchPage answers a browser's request for a path the console does not
// have (or a method it does not take there) with a page, in the signed-in
// person's language when there is one, keeping their navigation.
func (c *Console) noSuchPage(w http.ResponseWriter, r *http.Request, status int) {
	s, err := c.cfg.People.Authenticate(r.Context(), sessionCookie(r))
	if err != nil {
		c.renderError(w, r, requestLocale(r), status, text(requestLocale(r), "error.not_found"))
		return
	}
	locale := s.Person.Locale
	c.render(w, r, status, "error", view{Locale: locale, Title: text(locale, "error.title"), Person: &s.Person,
		Can: c.can(s.Person.Role), Data: text(locale, "error.not_found")})
}

// routes lists the console's pages, public first.
func (c *Console) routes() {
	c.handle("GET /{$}", c.home)
	c.handle("GET /signin", c.signInPage)
	c.handle("POST /signin", c.signIn)
	c.handle("GET /setup", c.setupPage)
	c.handle("POST /setup", c.setup)
	c.handle("POST /signout", c.signOut)
	c.handle("POST /signout-everywhere", c.signOutEverywhere)
	c.handle("POST /locale", c.setLocale)
	c.handle("GET /track/{token}", c.trackPage) // a parcel's public tracking page (trackpage.go)
	c.page("GET /orders", opListOrders, c.orders)
	c.page("GET /api-keys", opListAPIKeys, c.apiKeys)
	// Review queue: the tasks, one task, claim, release, decide.
	reviews := c.reviewQueue()
	c.page("GET /review", "list-review-tasks", c.queuePage(reviews))
	c.page("GET /review/{id}", "get-review-task", c.reviewTask)
	c.page("POST /review/{id}/claim", "claim-review-task", c.queueClaim(reviews))
	c.page("POST /review/{id}/release", "release-review-task", c.queueRelease(reviews))
	c.page("POST /review/{id}/decide", "decide-review-task", c.reviewDecide)
	// Stock and the fulfilment queue (stockq): balances, bins, ledger, the
	// movement forms, reconcile; the queue, one fulfilment, the scan.
	c.page("GET /stock", opListStockBalances, c.stock)
	c.page("GET /stock/bins", opListBinStock, c.stockBins)
	c.page("GET /stock/ledger", opListStockEntries, c.stockLedger)
	c.page("GET /stock/receive", opReceiveStock, c.showMovement(c.receiveForm()))
	c.page("POST /stock/receive", opReceiveStock, c.postMovement(c.receiveForm()))
	c.page("GET /stock/adjust", opAdjustStock, c.showMovement(c.adjustForm()))
	c.page("POST /stock/adjust", opAdjustStock, c.postMovement(c.adjustForm()))
	c.page("GET /stock/move", opMoveStock, c.showMovement(c.moveForm()))
	c.page("POST /stock/move", opMoveStock, c.postMovement(c.moveForm()))
	c.page("GET /stock/reconcile", opReconcileStock, c.reconcile)
	// Cash on delivery: remittance files uploaded and reconciled, the
	// missing cash; a console built without the tracking stage has none.
	if c.cfg.Tracking != nil {
		c.page("GET /cod", opListMissingCOD, c.cod)
		c.page("POST /cod/remittances", opImportCODRemittance, c.importCOD)
	}
	c.page("GET /fulfilments", opListFulfilments, c.fulfilments)
	c.page("GET /fulfilments/{id}", opListFulfilments, c.fulfilment)
	c.page("POST /fulfilments/scan", opListFulfilments, c.fulfilmentScan)
	// The floor (handheld): waves, the pick screen step by step, put-aways.
	c.page("GET /waves", opReleaseWave, c.waves)
	c.page("POST /waves", opReleaseWave, c.releaseWave)
	c.page("GET /waves/{id}", opGetWave, c.wave)
	c.page("GET /pick", opClaimNextTask, c.pickStart)
	c.page("POST /pick/claim", opClaimNextTask, c.pickClaimNext)
	c.page("GET /pick/{id}", opGetPickTask, c.pickTask)
	c.page("GET /pick/{id}/list.pdf", opPrintPickList, c.pickList)
	c.page("POST /pick/{id}/short", opReportShortPick, c.pickShort)
	c.page("POST /pick/{id}/verify", opVerifyPick, c.pickVerify)
	c.page("POST /pick/{id}", opScanPick, c.pickScan)
	c.page("POST /pick/{id}/claim", opClaimTask, c.pickClaim)
	c.page("POST /pick/{id}/unclaim", opUnclaimTask, c.pickUnclaim)
	// The pack station (desk and handheld): the scan, the station, its
	// item scans and closes, a supervisor's acceptance and write-off.
	c.page("GET /pack", opFindPackStation, c.packStart)
	c.page("POST /pack", opFindPackStation, c.packFind)
	c.page("GET /pack/{id}", opGetPackStation, c.packStation)
	c.page("POST /pack/{id}/scan", opScanPackItem, c.packScan)
	c.page("POST /pack/{id}/close", opCloseParcel, c.packClose)
	c.page("POST /pack/{id}/accept", opAcceptParcel, c.packAccept)
	c.page("POST /pack/{id}/problem", opResolvePack, c.packWriteOff)
	c.page("GET /wall/{task}", opGetPutWall, c.wall)
	c.page("POST /wall/{task}", opSortPutWall, c.wallSort)
	c.page("GET /putaways", opListPutAways, c.putAways)
	c.dispatchRoutes() // dispatch*.go: book, stage, manifests, handover
	c.casesRoutes()    // cases*.go: the exceptions queue, a case, its playbook
	c.page("POST /putaways/{id}", opCompletePutAway, c.completePutAway)
	// Cycle counts: the tasks and the two ways to open them; the blind
	// counting screen; an admin's approval.
	c.page("GET /counts", opListCounts, c.counts)
	c.page("POST /counts", opOpenCounts, c.openCounts)
	c.page("POST /counts/schedule", opScheduleCounts, c.scheduleCounts)
	c.page("GET /counts/{id}", opGetCount, c.countTask)
	c.page("POST /counts/{id}/claim", opClaimCount, c.claimCount)
	c.page("POST /counts/{id}/unclaim", opUnclaimCount, c.unclaimCount)
	c.page("POST /counts/{id}/lines", opSubmitCount, c.addCountLine)
	c.page("POST /counts/{id}/submit", opSubmitCount, c.submitCount)
	c.page("POST /counts/{id}/approve", opApproveCount, c.approveCount)
	c.page("POST /counts/{id}/cancel", opCancelCount, c.cancelCount)
	c.page("GET /replenishment", opListReplenish, c.replenishment)
	c.page("POST /replenishment/limits", opPutFaceLimits, c.setFaceLimit)
	c.page("POST /replenishment/{id}", opCompleteReplenish, c.completeReplenish)
	c.page("POST /replenishment/{id}/claim", opClaimReplenish, c.claimReplenish)
	c.page("POST /replenishment/{id}/unclaim", opUnclaimReplenish, c.unclaimReplenish)
	// orderpage: one order, its cancel and its address correction.
	c.page("GET /orders/{id}", opGetOrder, c.orderPage)
	c.page("POST /orders/{id}/cancel", opCancelOrder, c.cancelOrder)
	c.page("POST /orders/{id}/address", opCorrectAddress, c.correctAddress)
	// Administration (adminp): catalogue, warehouses, risk rules, shortage
	// policies, settings, people and API keys.
	c.page("GET /products", opListProducts, c.products)
	c.page("GET /products/{id}", opGetProduct, c.product)
	c.page("POST /products/{id}", opUpdateProduct, c.updateProduct)
	c.page("POST /api-keys", opCreateAPIKey, c.createAPIKey)
	c.page("GET /api-keys/{id}/revoke", opRevokeAPIKey, c.apiKeyRevokePage)
	c.page("POST /api-keys/{id}/revoke", opRevokeAPIKey, c.revokeAPIKey)
	c.page("GET /warehouses", opListWarehouses, c.warehouses)
	c.page("GET /warehouses/{code}", opListBins, c.warehouseDetail)
	c.page("POST /warehouses/{code}", opUpdateWarehouse, c.updateWarehouse)
	c.page("POST /warehouses/{code}/bins", opAddBins, c.addBins)
	c.page("GET /warehouses/{code}/bins/{bin}", opUpdateBin, c.bin)
	c.page("POST /warehouses/{code}/bins/{bin}", opUpdateBin, c.updateBin)
	// layout: a warehouse's layout, its form and the derive button.
	c.page("GET /warehouses/{code}/layout", opGetLayout, c.layout)
	c.page("POST /warehouses/{code}/layout", opPutLayout, c.putLayout)
	c.page("GET /warehouses/{code}/layout/derive", opDeriveLayout, c.deriveLayout)
	c.page("GET /risk-rules", opListRiskRules, c.riskRules)
	c.page("GET /risk-rules/new", opCreateRiskRule, c.newRiskRule)
	c.page("POST /risk-rules", opCreateRiskRule, c.createRiskRule)
	c.page("GET /risk-rules/{id}", opGetRiskRule, c.riskRule)
	c.page("POST /risk-rules/{id}", opReplaceRiskRule, c.replaceRiskRule)
	c.page("GET /risk-rules/{id}/delete", opDeleteRiskRule, c.riskRuleDeletePage)
	c.page("POST /risk-rules/{id}/delete", opDeleteRiskRule, c.deleteRiskRule)
	c.page("GET /risk-settings", opGetRiskSettings, c.riskSettings)
	c.page("POST /risk-settings", opUpdateRiskSettings, c.updateRiskSettings)
	c.page("GET /settings", opGetSettings, c.settings)
	c.page("POST /settings", opUpdateSettings, c.updateSettings)
	c.page("GET /shortage-policies", opListShortagePolicies, c.shortagePolicies)
	c.page("POST /shortage-policies", opSetShortagePolicy, c.setShortagePolicy)
	c.page("GET /people", opListPeople, c.people)
	c.page("POST /people", opCreatePerson, c.createPerson)
	c.page("GET /people/{id}", opUpdatePerson, c.person)
	c.page("POST /people/{id}", opUpdatePerson, c.updatePerson)
	c.page("POST /people/{id}/active", opUpdatePerson, c.setPersonActive)
	assets := http.FileServerFS(static)
	c.pages = append(c.pages, mounted{"GET /static/", secure(c.csrf.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		assets.ServeHTTP(w, r)
	})))})
}

// handle mounts a page anyone may open (sign-in, set-up): security headers
// and cross-origin protection on every request.
func (c *Console) handle(pattern string, fn http.HandlerFunc) {
	c.pages = append(c.pages, mounted{pattern, secure(c.csrf.Handler(fn))})
}

// page mounts a page or an action (any method) for signed-in people
// whose role the API operation op admits. The handler runs with the
// person as the context's actor, so the stores audit the person.
func (c *Console) page(pattern, op string, fn func(w http.ResponseWriter, r *http.Request, s people.Session)) {
	roles, ok := c.cfg.API.OperationRoles(op)
	if !ok || len(roles) == 0 {
		c.missing = append(c.missing, op)
	}
	c.roles[op] = roles
	c.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		s, ok := c.session(w, r)
		if !ok {
			return
		}
		if !allowed(roles, s.Person.Role) {
			// Still signed in: the page keeps the navigation they may use.
			locale := s.Person.Locale
			c.render(w, r, http.StatusForbidden, "error", view{Locale: locale, Title: text(locale, "error.forbidden_title"),
				Person: &s.Person, Can: c.can(s.Person.Role), Data: fmt.Sprintf(text(locale, "error.forbidden"), s.Person.Role)})
			return
		}
		ctx := actor.With(r.Context(), s.Person.Actor(remoteAddr(r), httpapi.RequestID(r.Context())))
		fn(w, r.WithContext(ctx), s)
	})
}

// can lists the mirrored operations role may call, for the navigation.
func (c *Console) can(role actor.Role) map[string]bool {
	out := map[string]bool{}
	for op, roles := range c.roles {
		out[op] = allowed(roles, role)
	}
	return out
}

func allowed(roles []actor.Role, r actor.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// session returns the signed-in person's session, or sends the browser to
// the sign-in page and reports false.
func (c *Console) session(w http.ResponseWriter, r *http.Request) (people.Session, bool) {
	s, err := c.cfg.People.Authenticate(r.Context(), sessionCookie(r))
	if err == nil {
		return s, true
	}
	if !isUnauthorized(err) {
		c.internal(w, r, requestLocale(r), err)
		return people.Session{}, false
	}
	clearSession(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return people.Session{}, false
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	if _, err := c.cfg.People.Authenticate(r.Context(), sessionCookie(r)); err == nil {
		http.Redirect(w, r, "/orders", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

func (c *Console) internal(w http.ResponseWriter, r *http.Request, locale string, err error) {
	c.cfg.Log.ErrorContext(r.Context(), "console page failed", "path", r.URL.Path, "err", err)
	c.renderError(w, r, locale, http.StatusInternalServerError,
		fmt.Sprintf(text(locale, "error.internal"), httpapi.RequestID(r.Context())))
}
