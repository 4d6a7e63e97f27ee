package setting

// ViewOf is the rules as get-settings shows them (durations written as
// people do: 30m, 24h), for the console's settings page.
func ViewOf(v Values) View { return viewOf(v) }
