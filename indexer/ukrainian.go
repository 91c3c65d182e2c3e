package indexer

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Ukrainian has no stemmer in Bleve, and none of the Go Snowball modules
// (blevesearch/snowballstem v0.9.0, kljensen/snowball v0.10.0) carries the
// Snowball project's Ukrainian algorithm. This is a light stemmer in the
// Snowball manner: past the first vowel (the region RV), strip a
// reflexive particle, then the longest inflectional ending, then a soft
// sign, so the cases of a name or a noun meet on one stem (Зеленський,
// Зеленського, Зеленському → зеленськ; Україна, України, Україні → україн).
// It removes endings only: it never joins stems that differ inside the word
// (Київ, Києва).

// StemUkrainianName is the Bleve token filter of the Ukrainian stemmer.
const StemUkrainianName = "newsarchive_stem_uk"

func init() {
	// Registration in Bleve's registry is how a custom filter becomes
	// available to a mapping; it does no I/O.
	registry.RegisterTokenFilter(StemUkrainianName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return ukrainianStemFilter{}, nil
	})
}

type ukrainianStemFilter struct{}

func (ukrainianStemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if t.KeyWord {
			continue
		}
		if s := StemUkrainian(string(t.Term)); s != string(t.Term) {
			t.Term = []byte(s)
		}
	}
	return input
}

const ukVowels = "аеєиіїоуюя"

// Endings, longest first within each group.
var (
	ukReflexive = []string{"ться", "ся", "сь"}
	// Verbal adverbs, verbs, adjectives and participles, nouns: one list,
	// as their endings overlap; the longest that fits wins.
	ukEndings = sortLongestFirst([]string{
		// verbal adverbs
		"вши", "ючи", "учи", "ачи", "ячи",
		// verbs
		"ити", "ати", "яти", "іти", "ути", "оти",
		"ить", "ять", "ать", "уть", "ють", "еть", "іть",
		"емо", "ємо", "имо", "імо", "ете", "єте", "ите", "іте",
		"ила", "ало", "ала", "яла", "ило", "или", "али", "яли", "ули",
		"ла", "ло", "ли", "ти", "ть", "еш", "єш", "иш", "ив", "ав", "ів", "яв",
		// adjectives, participles, pronouns
		"ого", "ому", "ими", "іми", "ьому", "ього",
		"ий", "ій", "ім", "им", "ої", "ою", "ую", "юю", "ая", "яя", "их", "іх", "єї",
		// nouns
		"ами", "ями", "ові", "еві", "єві", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ею", "єю",
		"ів", "їв", "ей",
		"а", "я", "о", "е", "є", "у", "ю", "і", "ї", "и", "й",
	})
)

func sortLongestFirst(s []string) []string {
	out := make([]string, 0, len(s))
	for n := 4; n >= 1; n-- {
		for _, e := range s {
			if utf8.RuneCountInString(e) == n {
				out = append(out, e)
			}
		}
	}
	return out
}

// StemUkrainian returns the stem of a lower-case Ukrainian word. Words in
// other scripts come back as they are (but for apostrophes dropped).
func StemUkrainian(w string) string {
	if !strings.ContainsAny(w, ukVowels+"ґ'’ʼ") {
		return w
	}
	// ґ is spelled г in much writing; the apostrophe has three forms.
	w = strings.NewReplacer("ґ", "г", "'", "", "’", "", "ʼ", "").Replace(w)
	r := []rune(w)
	rv := -1 // runes before the region RV
	for i, c := range r {
		if strings.ContainsRune(ukVowels, c) {
			rv = i + 1
			break
		}
	}
	if rv < 0 {
		return w
	}
	// A stem keeps at least two letters, and the region starts after the
	// first vowel.
	strip := func(ends []string) bool {
		for _, e := range ends {
			n := utf8.RuneCountInString(e)
			if len(r)-n < max(rv, 2) {
				continue
			}
			if string(r[len(r)-n:]) == e {
				r = r[:len(r)-n]
				return true
			}
		}
		return false
	}
	strip(ukReflexive)
	strip(ukEndings)
	if len(r) > max(rv, 2) && r[len(r)-1] == 'ь' {
		r = r[:len(r)-1]
	}
	return string(r)
}
