package indexer

import (
	"slices"
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
// It removes endings only, but for the place names news writes most whose
// vowel alternates between the nominative and the other cases (Київ,
// Києва; Харків, Харкова; Ірпінь, Ірпеня): ukAlternations joins their
// stems. Common nouns that alternate (рік, року) stay apart.

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

// minStem is the fewest letters a stem keeps.
const minStem = 3

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
		// (the past tense only after its vowel: a bare -ла, -ли, -ти would
		// cut школа and президенти short)
		"ила", "ало", "ала", "яла", "ило", "или", "али", "яли", "ули", "іла", "іли", "іло",
		"еш", "єш", "иш", "ив", "ав", "ів", "яв",
		// adjectives, participles, pronouns
		"ого", "ому", "ими", "іми", "ьому", "ього",
		"ий", "ій", "ім", "им", "ої", "ою", "ую", "юю", "ая", "яя", "их", "іх", "єї",
		// nouns
		"ами", "ями", "ові", "еві", "єві", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ею", "єю",
		"ів", "їв", "ей",
		"а", "я", "о", "е", "є", "у", "ю", "і", "ї", "и", "й",
	})
)

// sortLongestFirst orders endings by length in letters, longest first,
// keeping the order of the list among endings of one length.
func sortLongestFirst(s []string) []string {
	slices.SortStableFunc(s, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return s
}

// ukSpelling makes one spelling: ґ as г, no apostrophe.
var ukSpelling = strings.NewReplacer("ґ", "г", "'", "", "’", "", "ʼ", "")

// StemUkrainian returns the stem of a lower-case Ukrainian word. Words in
// other scripts come back as they are (but for apostrophes dropped).
func StemUkrainian(w string) string {
	if strings.ContainsAny(w, "ґ'’ʼ") {
		w = ukSpelling.Replace(w)
	}
	// The region RV starts after the first vowel (a byte offset).
	rv := -1
	for i, c := range w {
		if strings.ContainsRune(ukVowels, c) {
			rv = i + utf8.RuneLen(c)
			break
		}
	}
	if rv < 0 {
		return w
	}
	runes := utf8.RuneCountInString(w)
	// strip removes the longest ending of ends inside RV that leaves a
	// stem of at least minStem letters.
	strip := func(ends []string) {
		for _, e := range ends {
			if len(w)-len(e) < rv || !strings.HasSuffix(w, e) {
				continue
			}
			n := utf8.RuneCountInString(e)
			if runes-n < minStem {
				continue
			}
			w, runes = w[:len(w)-len(e)], runes-n
			return
		}
	}
	strip(ukReflexive)
	strip(ukEndings)
	if runes > minStem && len(w)-len("ь") >= rv && strings.HasSuffix(w, "ь") {
		w = w[:len(w)-len("ь")]
	}
	if nom, ok := ukAlternations[w]; ok {
		return nom
	}
	return w
}

// ukAlternations maps the stem of the other cases of a place name whose
// last vowel alternates to the stem of its nominative: Києва → київ,
// Харкова → харк (Харків loses -ів as a genitive plural would).
var ukAlternations = map[string]string{
	"києв": "київ", "львов": "львів", "харков": "харк", "чернігов": "черніг", "миколаєв": "микола",
	"тернопол": "тернопіл", "бориспол": "бориспіл", "ірпен": "ірпін", "самбор": "самбір",
	"бердичев": "бердич", "золочев": "золоч", "жидачев": "жидач",
	"часов": "час", "кременц": "кременец", "трускавц": "трускавец",
}
