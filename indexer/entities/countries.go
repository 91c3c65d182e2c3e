package entities

import (
	"sort"
	"strings"
)

// matchWords says whether phrase p matches the tokens starting at i.
func matchWords(toks []token, i int, p phrase) bool {
	k := i
	for wi, w := range p.words {
		// skip punctuation inside the text that the phrase does not spell ("Washington, D.C.")
		if k >= len(toks) {
			return false
		}
		t := &toks[k]
		if t.low != w {
			// plural demonym: Russians, Afghans
			if !(wi == len(p.words)-1 && p.demonym && t.low == w+"s") {
				return false
			}
		}
		k++
	}
	return true
}

// countries finds the countries a text mentions through names, abbreviations, demonyms, capitals,
// institutions and places; tokens claimed by people's names are skipped.
func (e *Extractor) countries(toks []token) []string {
	found := map[string]bool{}
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.kind != tkWord || t.claimed {
			continue
		}
		n, code := e.countryAt(toks, i)
		if n == 0 && strings.ContainsAny(t.text, "-‐‑") {
			// Russia-Ukraine, Kyrgyz-Tajik, Iran-backed
			for _, part := range strings.FieldsFunc(t.text, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' }) {
				pt := token{text: part, low: fold(part), kind: tkWord}
				pt.cap = part != "" && part[0] >= 'A' && part[0] <= 'Z' || pt.low != part && !isAllUpper(part)
				pt.upper = isAllUpper(part)
				one := []token{pt}
				if m, c := e.countryAt(one, 0); m == 1 && c != "-" && c != "?" {
					found[c] = true
				}
			}
			continue
		}
		if n == 0 {
			continue
		}
		if code != "-" && code != "?" {
			found[code] = true
		}
		i += n - 1
	}
	out := make([]string, 0, len(found))
	for c := range found {
		out = append(out, e.t.countryName[c])
	}
	sort.Strings(out)
	return out
}

// countryAt returns the length of the longest country or place phrase at token i and its code
// ("-" for a phrase that is not a country, such as "Voice of America").
func (e *Extractor) countryAt(toks []token, i int) (int, string) {
	t := &toks[i]
	if isCyrillic(t.text) {
		if n, code := e.t.cyr.placeAt(toks, i); n > 0 {
			for k := i; k < i+n; k++ {
				if toks[k].claimed {
					return 0, ""
				}
			}
			return n, code
		}
	}
	for _, p := range e.t.phrases[t.low] {
		if i+len(p.words) > len(toks) {
			continue
		}
		if p.exact != "" {
			if t.text != p.exact {
				continue
			}
		} else if !t.cap {
			// names are written with a capital; Cyrillic names too
			continue
		}
		if !matchWords(toks, i, p) {
			continue
		}
		// a phrase may not run into claimed tokens (Israel Katz)
		claimed := false
		for k := i; k < i+len(p.words); k++ {
			if toks[k].claimed {
				claimed = true
			}
		}
		if claimed {
			continue
		}
		return len(p.words), p.code
	}
	// plural demonyms: Russians, Afghans
	if n := len(t.low); n > 4 && t.low[n-1] == 's' && t.cap {
		for _, p := range e.t.phrases[t.low[:n-1]] {
			if len(p.words) == 1 && p.demonym {
				return 1, p.code
			}
		}
	}
	return 0, ""
}

// CountryCode returns the ISO 3166-1 alpha-2 code of a canonical country name as Extract writes it
// ("United States" → "US"), or "" if the name is unknown.
func CountryCode(name string) string {
	t, err := sharedTables()
	if err != nil {
		return ""
	}
	return t.countryCode[name]
}
