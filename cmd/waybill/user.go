package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/alecthomas/kong"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/people"
)

// UserCmd groups the commands for the console's people.
type UserCmd struct {
	Create     UserCreateCmd `cmd:"" help:"Create a person; prints a one-time link (valid 24 h) where they choose their password."`
	List       UserListCmd   `cmd:"" help:"List the people who may sign in to the console."`
	Deactivate UserActiveCmd `cmd:"" help:"Stop a person signing in; their sessions end at once."`
	Activate   UserActiveCmd `cmd:"" help:"Let a deactivated person sign in again."`
}

// UserActiveCmd deactivates or reactivates a person.
type UserActiveCmd struct {
	Email string `name:"email" required:"" help:"The person's e-mail address."`
}

// Run applies the command's verb, which kong names in the context.
func (c *UserActiveCmd) Run(ctx context.Context, m *Main, cfg *Config, kctx *kong.Context) error {
	active := strings.HasSuffix(kctx.Command(), " activate")
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	p, err := people.NewStore(d, people.Config{}).SetActive(actor.With(ctx, actor.CLI(kctx.Command())), c.Email, active)
	if err != nil {
		return err
	}
	state := "deactivated: their sessions have ended"
	if active {
		state = "active"
	}
	fmt.Fprintf(m.Stdout, "%s %s <%s> is %s\n", p.ID, p.Name, p.Email, state)
	return nil
}

// UserCreateCmd creates a person and prints their set-up link.
type UserCreateCmd struct {
	Email      string `name:"email" required:"" help:"Their e-mail address, which they sign in with."`
	Role       string `name:"role" required:"" enum:"${roles}" help:"What they may do: one of ${enum}."`
	Name       string `name:"name" help:"Their name as the console shows it (default: the e-mail's local part)."`
	Locale     string `name:"locale" default:"en" enum:"en,zh" help:"The console's language for them: ${enum}."`
	ConsoleURL string `name:"console-url" env:"WAYBILL_CONSOLE_URL" default:"http://127.0.0.1:8080" help:"Where people reach the console; the set-up link starts with it."`
}

// Run creates the person and prints the link last, alone on its line, so
// scripts can take the last line.
func (c *UserCreateCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	base, err := url.Parse(strings.TrimRight(c.ConsoleURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return fmt.Errorf("--console-url must be an http:// or https:// address, got %q", c.ConsoleURL)
	}
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	p, token, err := people.NewStore(d, people.Config{}).Create(actor.With(ctx, actor.CLI("user create")),
		people.NewPerson{Email: c.Email, Name: c.Name, Role: actor.Role(c.Role), Locale: c.Locale})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "created %s %s <%s> (role %s); send them this link to choose a password (one use, valid 24 h):\n%s\n",
		p.ID, p.Name, p.Email, p.Role, setupLink(base.String(), token))
	return nil
}

func setupLink(base, token string) string {
	return strings.TrimRight(base, "/") + "/setup?token=" + url.QueryEscape(token)
}

// UserListCmd lists people.
type UserListCmd struct{}

// Run prints one line per person, newest first.
func (UserListCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	list, err := people.NewStore(d, people.Config{}).List(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tEMAIL\tNAME\tROLE\tLOCALE\tACTIVE\tPASSWORD")
	for _, p := range list {
		pass := "set"
		if !p.HasPass {
			pass = "awaiting set-up"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%t\t%s\n", p.ID, p.Email, p.Name, p.Role, p.Locale, p.Active, pass)
	}
	return w.Flush()
}
