// Package indexer keeps the search index: the static, versioned Bleve
// mapping, the index on disk with its lock, the in-memory facet store beside
// it, and the indexing of the archive's pending articles (entity extraction
// included). Entity extraction itself lives in indexer/entities; the facet
// store in indexer/facets.
package indexer

import (
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/bg"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	"github.com/blevesearch/bleve/v2/analysis/lang/cs"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/el"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hi"
	"github.com/blevesearch/bleve/v2/analysis/lang/hr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	"github.com/blevesearch/bleve/v2/analysis/lang/hy"
	"github.com/blevesearch/bleve/v2/analysis/lang/id"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"

	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// MappingVersion changes whenever the mapping below (or what is indexed into
// it) changes; an index of another version must be rebuilt with reindex.
const MappingVersion = 8 // 8: the Ukrainian stemmer joins alternating place names (Київ, Києва)

// The parts of an article's text. Each is indexed in one field per
// analysed language (title_ru, body_en …; see TextField), with term
// vectors for phrase queries and nothing stored: result rows and snippets
// come from the archive. A query names the part (title:word) and searches
// it in every language.
const (
	FieldTitle = "title"
	FieldLead  = "lead"
	FieldBody  = "body"
)

// Parts are the parts of an article's text, in order.
var Parts = []string{FieldTitle, FieldLead, FieldBody}

// FieldPublished is the publication time (datetime).
const FieldPublished = "published"

// TextFields are the parts searched by query words that name no field, with
// these boosts (the same in every language).
var TextFields = map[string]float64{FieldTitle: 3, FieldLead: 1.5, FieldBody: 1}

// Neutral is the analysis key of languages without an analyzer of their
// own (Kazakh, Georgian, Pashto, …): Unicode words, lower case, Latin
// diacritics folded.
const Neutral = "x"

// analyzers maps an analysis key (a base language code, or Neutral) to the
// Bleve analyzer of its fields. Bleve's own analyzers stem; for Bulgarian,
// Czech, Greek, Armenian and Indonesian Bleve has stop words but no
// stemmer, so their analyzers only drop those; Ukrainian is ours
// (ukrainian.go).
var analyzers = map[string]string{
	"ar": ar.AnalyzerName, "cjk": cjk.AnalyzerName, "ckb": ckb.AnalyzerName,
	"da": da.AnalyzerName, "de": de.AnalyzerName, "en": en.AnalyzerName,
	"es": es.AnalyzerName, "fa": fa.AnalyzerName, "fi": fi.AnalyzerName,
	"fr": fr.AnalyzerName, "hi": hi.AnalyzerName, "hr": hr.AnalyzerName,
	"hu": hu.AnalyzerName, "it": it.AnalyzerName, "nl": nl.AnalyzerName,
	"no": no.AnalyzerName, "pl": pl.AnalyzerName, "pt": pt.AnalyzerName,
	"ro": ro.AnalyzerName, "ru": ru.AnalyzerName, "sv": sv.AnalyzerName,
	"tr": tr.AnalyzerName,
	"bg": "newsarchive_bg", "cs": "newsarchive_cs", "el": "newsarchive_el",
	"hy": "newsarchive_hy", "id": "newsarchive_id",
	"uk":    "newsarchive_uk",
	Neutral: "newsarchive_neutral",
}

// rewritesStarts are the analyses that may change the start of a word
// beyond case and diacritics: Arabic strips prefixes (ال); Arabic, Persian,
// Sorani and Hindi normalise letters; CJK makes a run of characters
// bigrams; the neutral analysis folds letters. A new analyzer that does
// so belongs here too.
var rewritesStarts = map[string]bool{"ar": true, "fa": true, "ckb": true, "hi": true, "cjk": true, Neutral: true}

// RewritesStarts reports whether an analysis may change the start of a
// word beyond case and diacritics, so that the first letter of a word does
// not tell whether it can analyse to a given stem (snippets analyse every
// word there).
func RewritesStarts(key string) bool { return rewritesStarts[key] }

// stopOnly are the languages whose analyzer is Bleve's stop list alone.
var stopOnly = map[string]string{"bg": bg.StopName, "cs": cs.StopName, "el": el.StopName, "hy": hy.StopName, "id": id.StopName}

// sameAnalysis maps language codes to the analysis of a close language or
// of a script family: Serbian, Bosnian and Montenegrin to Croatian's,
// Moldovan to Romanian, Dari to Persian, Norwegian's written forms to
// Norwegian, Chinese, Japanese and Korean to Bleve's CJK bigrams.
var sameAnalysis = map[string]string{
	"sr": "hr", "bs": "hr", "cnr": "hr", "sh": "hr", "mo": "ro", "prs": "fa",
	"nb": "no", "nn": "no", "zh": "cjk", "ja": "cjk", "ko": "cjk",
}

// Analysis returns the analysis key of an article's language (BCP 47:
// "ru", "ru-RU", "uk", "en-GB", "sr-Latn"): the base language when it has
// an analyzer, else Neutral.
func Analysis(lang string) string {
	base := article.BaseLanguage(lang)
	if s, ok := sameAnalysis[base]; ok {
		base = s
	}
	if _, ok := analyzers[base]; ok {
		return base
	}
	return Neutral
}

// AnalyzerName is the Bleve analyzer of an analysis key.
func AnalyzerName(key string) string {
	if a, ok := analyzers[key]; ok {
		return a
	}
	return analyzers[Neutral]
}

// Analyses are the analysis keys, sorted.
func Analyses() []string { return slices.Clone(analysisKeys) }

// analysisKeys are the keys of analyzers, sorted once.
var analysisKeys = func() []string {
	out := make([]string, 0, len(analyzers))
	for k := range analyzers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}()

// TextField is the field of a part of the text in an analysis (title_ru).
func TextField(part, key string) string { return part + "_" + key }

// PartFields are the fields of a part of the text, one per analysis, in
// the order of Analyses. The slice is shared: do not change it.
func PartFields(part string) []string { return partFields[part] }

var partFields = func() map[string][]string {
	out := map[string][]string{}
	for _, part := range Parts {
		for _, key := range analysisKeys {
			out[part] = append(out[part], TextField(part, key))
		}
	}
	return out
}()

// PartOf returns the part of a text field (title_ru → title), and whether
// the field is one.
func PartOf(field string) (string, bool) {
	i := strings.LastIndexByte(field, '_')
	if i < 0 {
		return "", false
	}
	if _, ok := TextFields[field[:i]]; !ok {
		return "", false
	}
	if _, ok := analyzers[field[i+1:]]; !ok {
		return "", false
	}
	return field[:i], true
}

// ukrainianStop are common Ukrainian function words.
var ukrainianStop = strings.Fields(`а або але б би був була були було бути в вам вас він вона вони воно все
	всі вже ви від для до є ж же з за зі і із й інших її їх його коли крім ми на над не ні
	нього неї них про під по при та так також те тим то того тому ту у уже хоч це цей ці ця
	цього цьому чи що щоб як який яка які яке`)

// Mapping returns the index mapping.
func Mapping() mapping.IndexMapping {
	im := mapping.NewIndexMapping()
	mustAdd := func(err error) {
		if err != nil {
			panic("index mapping: " + err.Error()) // a static mapping: fails in every test
		}
	}
	for key, stopName := range stopOnly {
		mustAdd(im.AddCustomAnalyzer(analyzers[key], map[string]any{
			"type": custom.Name, "tokenizer": unicode.Name,
			"token_filters": []any{lowercase.Name, stopName},
		}))
	}
	words := make([]any, len(ukrainianStop))
	for i, w := range ukrainianStop {
		words[i] = w
	}
	mustAdd(im.AddCustomTokenMap("newsarchive_stop_uk_words", map[string]any{"type": tokenmap.Name, "tokens": words}))
	mustAdd(im.AddCustomTokenFilter("newsarchive_stop_uk", map[string]any{"type": stop.Name, "stop_token_map": "newsarchive_stop_uk_words"}))
	mustAdd(im.AddCustomAnalyzer(analyzers["uk"], map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []any{lowercase.Name, "newsarchive_stop_uk", StemUkrainianName},
	}))
	mustAdd(im.AddCustomAnalyzer(analyzers[Neutral], map[string]any{
		"type": custom.Name, "char_filters": []any{asciifolding.Name}, "tokenizer": unicode.Name,
		"token_filters": []any{lowercase.Name},
	}))

	text := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false
		f.IncludeTermVectors = true
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		// No doc values: facets and filters are answered by the facet
		// store; these fields serve field:value queries only.
		f.DocValues = false
		return f
	}
	doc := mapping.NewDocumentStaticMapping()
	for _, key := range Analyses() {
		for _, part := range Parts {
			doc.AddFieldMappingsAt(TextField(part, key), text(AnalyzerName(key)))
		}
	}
	for _, name := range facets.Fields {
		doc.AddFieldMappingsAt(name, kw())
	}
	pub := mapping.NewDateTimeFieldMapping()
	pub.Store = false
	pub.IncludeInAll = false
	pub.DocValues = false
	doc.AddFieldMappingsAt(FieldPublished, pub)

	im.DefaultMapping = doc
	im.DefaultAnalyzer = analyzers[Neutral]
	im.DefaultField = TextField(FieldBody, Neutral)
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
