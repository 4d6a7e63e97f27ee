package risk

// synonyms maps the words of a street address, as fold leaves them, to one
// spelling each. It unifies what people vary when they retype an address
// (abbreviations, ordinals, the word for a flat), not what names a different
// place, so it stays short: a wrong merge would count two households as one.
// "st" is both street and saint, which never tells two addresses apart.
var synonyms = invert(map[string][]string{
	"st":   {"street", "str", "strasse", "straat", "saint"},
	"ave":  {"avenue", "av", "avda", "avenida", "avn"},
	"rd":   {"road"},
	"blvd": {"boulevard", "boul", "bd"},
	"dr":   {"drive", "drv"},
	"ln":   {"lane"},
	"ct":   {"court", "crt"},
	"pl":   {"place", "platz"},
	"sq":   {"square"},
	"hwy":  {"highway"},
	"pkwy": {"parkway"},
	"ter":  {"terrace", "terr"},
	"cir":  {"circle"},
	"cres": {"crescent"},
	"mt":   {"mount"},
	"ft":   {"fort"},
	"apt":  {"apartment", "#", "unit", "flat", "suite", "ste", "appartement", "apto", "wohnung"},
	"fl":   {"floor", "flr", "etage"},
	"bldg": {"building", "bld"},
	"rm":   {"room"},
	"n":    {"north"},
	"s":    {"south"},
	"e":    {"east"},
	"w":    {"west"},
	"ne":   {"northeast"},
	"nw":   {"northwest"},
	"se":   {"southeast"},
	"sw":   {"southwest"},
	"1":    {"first"},
	"2":    {"second"},
	"3":    {"third"},
	"4":    {"fourth"},
	"5":    {"fifth"},
	"6":    {"sixth"},
	"7":    {"seventh"},
	"8":    {"eighth"},
	"9":    {"ninth"},
	"10":   {"tenth"},
})

// invert maps each variant to its canonical word.
func invert(variants map[string][]string) map[string]string {
	out := map[string]string{}
	for canonical, vs := range variants {
		for _, v := range vs {
			out[v] = canonical
		}
	}
	return out
}

// numberMark are words that only announce a house or flat number.
var numberMark = map[string]bool{"no": true, "nr": true, "nro": true, "num": true, "number": true, "numero": true}
