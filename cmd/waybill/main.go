// Command waybill is the whole Waybill system in one binary: the HTTP API,
// the demo, migrations and the operator's tools. This file binds flags and
// environment into one configuration; the other files of the package wire
// the pieces for each subcommand.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	// Waybill's Go heap is small (SQLite's page cache lives outside it), so
	// the default GOGC=100 collects after every few megabytes allocated. A
	// larger target costs tens of megabytes and gives the order engine about
	// 15 % more orders/s (docs/PERFORMANCE.md). GOGC, if set, still decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	err := m.Run(ctx, os.Args[1:])
	stop()
	if err != nil {
		var exit exitError
		if !errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "waybill:", err)
		}
		os.Exit(1)
	}
}

// Main runs one waybill command. Tests drive it end to end like the shell.
type Main struct {
	Stdin          io.Reader // nil reads nothing
	Stdout, Stderr io.Writer
	// OnListen, when set, is told the address the server listens on (tests
	// listen on port 0).
	OnListen func(addr string)
}

// exitError reports a failure the command has already explained on its output.
type exitError struct{ msg string }

func (e exitError) Error() string { return e.msg }

// Config is every setting, bound to flags and WAYBILL_* variables here only.
type Config struct {
	DB             string        `name:"db" env:"WAYBILL_DB" default:"sqlite:waybill.db" help:"Database: sqlite:PATH or a postgres:// URL."`
	SQLiteSync     string        `name:"sqlite-synchronous" env:"WAYBILL_SQLITE_SYNCHRONOUS" default:"FULL" enum:"FULL,NORMAL,EXTRA" help:"SQLite synchronous pragma (FULL survives power loss)."`
	LogLevel       string        `name:"log-level" env:"WAYBILL_LOG_LEVEL" default:"info" enum:"debug,info,warn,error" help:"Least severe log level written."`
	Gateways       string        `name:"gateways" env:"WAYBILL_GATEWAYS" help:"Payment gateways whose signed events are accepted: name=standard:whsec_...|name=stripe:whsec_..., comma-separated; an optional :previous_secret allows rotation."`
	SMTP           string        `name:"smtp" env:"WAYBILL_SMTP" help:"Where order confirmations are e-mailed from: smtp://user:password@host:587?from=shop@example.com&tls=starttls (tls=none|starttls|tls). Empty: no e-mail."`
	SMSURL         string        `name:"sms-url" env:"WAYBILL_SMS_URL" help:"The HTTP SMS provider's endpoint. Empty: no SMS."`
	SMSToken       string        `name:"sms-token" env:"WAYBILL_SMS_TOKEN" help:"Bearer token for --sms-url."`
	CarrierURL     string        `name:"carrier-url" env:"WAYBILL_CARRIER_URL" help:"Base URL of an external carrier's API (Parcelway-style JSON); its key is read from WAYBILL_CARRIER_KEY."`
	CarrierKey     string        `name:"carrier-key" env:"WAYBILL_CARRIER_KEY" hidden:"" help:"The external carrier's API key; set WAYBILL_CARRIER_KEY instead of the flag."`
	CarrierCode    string        `name:"carrier-code" env:"WAYBILL_CARRIER_CODE" default:"parcelway" help:"The external carrier's code on shipments."`
	CarrierHook    string        `name:"carrier-webhook-secret" env:"WAYBILL_CARRIER_WEBHOOK_SECRET" hidden:"" help:"The secret the external carrier signs its tracking webhooks with (POST /v1/carriers/<code>/tracking-events); set WAYBILL_CARRIER_WEBHOOK_SECRET instead of the flag."`
	CarrierPolls   bool          `name:"carrier-polls" env:"WAYBILL_CARRIER_POLLS" help:"Poll the external carrier for tracking events (for a carrier without webhooks); the interval is a tracking rule."`
	MergeWindow    time.Duration `name:"merge-window" env:"WAYBILL_MERGE_WINDOW" default:"0s" help:"Hold approved orders this long after they were placed so that orders of one customer to one address ship together (0: release at once)."`
	GiftWrapFee    string        `name:"gift-wrap-fee" env:"WAYBILL_GIFT_WRAP_FEE" help:"What gift wrap costs per order, by currency in minor units: USD=500,EUR=450. Unlisted currencies wrap for free."`
	MetricsToken   string        `name:"metrics-token" env:"WAYBILL_METRICS_TOKEN" help:"When set, /metrics answers only requests with Authorization: Bearer <this token> (it is open otherwise)."`
	TrustedProxies string        `name:"trusted-proxies" env:"WAYBILL_TRUSTED_PROXIES" help:"Reverse proxies whose X-Forwarded-For names the client, as addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8); the audit log and the sign-in limit then see the client. Empty: the connection's peer is the client."`
	SessionIdle    time.Duration `name:"session-idle" env:"WAYBILL_SESSION_IDLE" default:"30m" help:"A console session ends after this long without a request (it ends 12 h after sign-in in any case)."`
	LogFormat      string        `name:"log-format" env:"WAYBILL_LOG_FORMAT" default:"text" enum:"text,json" help:"Log line format."`
	Serve          ServeCmd      `cmd:"" help:"Run the HTTP API."`
	Demo           DemoCmd       `cmd:"" help:"Run the API on a fresh SQLite database loaded with demo data."`
	Migrate        MigrateCmd    `cmd:"" help:"Apply database migrations and exit."`
	Apikey         ApikeyCmd     `cmd:"" name:"apikey" help:"Manage API keys."`
	User           UserCmd       `cmd:"" help:"Manage the people who sign in to the console."`
	Pay            PayCmd        `cmd:"" help:"Post a payment event for an order, signed as a Standard Webhooks gateway signs it (e.g. to pay a prepaid order in the demo)."`
	Reconcile      ReconcileCmd  `cmd:"" help:"Check every stock balance against its ledger entries; exit 1 on any difference."`
	Import         ImportCmd     `cmd:"" help:"Import data from files."`
	Bench          BenchCmd      `cmd:"" help:"Run benchmarks that print their figures."`
	VersionCmd     VersionCmd    `cmd:"" name:"version" help:"Print the version."`

	// Outbound webhooks (internal/webhook).
	WebhookAllowHTTP    bool          `name:"webhook-allow-http" env:"WAYBILL_WEBHOOK_ALLOW_HTTP" help:"Accept http:// webhook endpoints (default: https only)."`
	WebhookAllowPrivate bool          `name:"webhook-allow-private" env:"WAYBILL_WEBHOOK_ALLOW_PRIVATE" help:"Let webhooks reach loopback, private and link-local addresses (default: refused at creation and at connect time)."`
	WebhookDisableAfter time.Duration `name:"webhook-disable-after" env:"WAYBILL_WEBHOOK_DISABLE_AFTER" default:"120h" help:"Disable a webhook endpoint whose every attempt has failed for this long."`
}

// Run parses args and runs the chosen command until it ends or ctx is done.
func (m *Main) Run(ctx context.Context, args []string) error {
	var cfg Config
	parser, err := kong.New(&cfg,
		kong.Name("waybill"),
		kong.Description("Waybill: order-to-delivery for e-commerce."),
		kong.Writers(m.Stdout, m.Stderr),
		kong.Exit(func(int) { panic(kongExit{}) }),
		kong.UsageOnError(),
		// Help and validation take the roles from actor.Roles, the one list.
		kong.Vars{"roles": roleList()},
	)
	if err != nil {
		return err
	}
	kctx, err := parseArgs(parser, args)
	if err != nil || kctx == nil {
		return err
	}
	kctx.Bind(m, &cfg)
	kctx.BindTo(ctx, (*context.Context)(nil))
	return kctx.Run()
}

type kongExit struct{}

// roleList is actor.Roles joined with commas, as kong's enum tag wants it.
func roleList() string {
	names := make([]string, len(actor.Roles))
	for i, r := range actor.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// parseArgs runs kong's parser, turning its --help exit into a clean return.
func parseArgs(parser *kong.Kong, args []string) (kctx *kong.Context, err error) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(kongExit); !ok {
				panic(v)
			}
			kctx, err = nil, nil
		}
	}()
	kctx, err = parser.Parse(args)
	if err != nil {
		parser.Errorf("%s", err)
		return nil, exitError{err.Error()}
	}
	return kctx, nil
}

func (cfg *Config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// open connects to the configured database and brings its schema up to date.
func (cfg *Config) open(ctx context.Context) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DB, db.Options{SQLiteSynchronous: cfg.SQLiteSync})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// VersionCmd prints the build's version.
type VersionCmd struct{}

// Run prints the version.
func (VersionCmd) Run(m *Main) error {
	fmt.Fprintln(m.Stdout, "waybill", buildVersion())
	return nil
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
