package facets

import (
	"slices"

	"newsarchive/article"
)

// Combine says how several selected values of one facet narrow a search.
type Combine int

// How selected values combine.
const (
	All Combine = iota // an article holds every selected value ("mentions both")
	Any                // an article holds one of them
)

// Facet declares one facet. Query parsing, filters, counting, the UI's
// panels and chips, CLI flags and the index's keyword fields all loop over
// Registry: adding a facet is its values (an entity kind the extractor
// finds, or a field of the article) and one entry here.
type Facet struct {
	// Name is the field in the facet store and the text index, the URL
	// parameter, the CLI flag and the key in the API's facets.
	Name string
	// Label heads its panel in the UI; Chip names one selected value.
	Label, Chip string
	// Combine says how several selected values narrow a search.
	Combine Combine
	// Entity facets hold what the extractor finds (the entity kind is
	// Name), the others a field of the article (Of).
	Entity bool
	Of     func(a *article.Article) []string
	// Counted facets are counted for every search: the API's facets and
	// the UI's panels. The others filter and can be listed on request.
	Counted bool
	// Day values are calendar days, YYYY-MM-DD: checked when given as a
	// filter, shown as dates.
	Day bool
	// Help is the CLI flag's help.
	Help string
}

// The facets' names, for code that needs one in particular.
const (
	Person  = article.KindPerson
	Country = article.KindCountry
	Date    = article.KindDate
	Section = "section"
	Site    = "site"
	Lang    = "lang"
	Kind    = "kind"
)

// Registry is every facet, in the order the UI shows them.
var Registry = []Facet{
	{Name: Person, Label: "People", Chip: "Person", Combine: All, Entity: true, Counted: true,
		Help: "only articles mentioning this person (repeat: all of them)"},
	{Name: Country, Label: "Countries", Chip: "Country", Combine: All, Entity: true, Counted: true,
		Help: "only articles mentioning this country (repeat: all of them)"},
	{Name: Date, Label: "Mentioned dates", Chip: "Mentions date", Combine: All, Entity: true, Counted: true, Day: true,
		Help: "only articles mentioning this day, YYYY-MM-DD (repeat: all of them)"},
	{Name: Section, Label: "Sections", Chip: "Section", Combine: Any, Counted: true, Of: one(func(a *article.Article) string { return a.Section }),
		Help: "only articles of this section (repeat: any of them)"},
	{Name: Site, Label: "Sites", Chip: "Site", Combine: Any, Of: one(func(a *article.Article) string { return a.Site }),
		Help: "only articles of this site, e.g. rferl (repeat: any of them)"},
	{Name: Lang, Label: "Languages", Chip: "Language", Combine: Any, Counted: true, Of: one(func(a *article.Article) string { return a.Language }),
		Help: "only articles in this language, e.g. en (repeat: any of them)"},
	{Name: Kind, Label: "Kinds", Chip: "Kind", Combine: Any, Counted: true, Of: one(func(a *article.Article) string {
		if a.Kind == "" {
			return article.KindArticle
		}
		return a.Kind
	}), Help: "only pages of this kind: article, video, audio or gallery (repeat: any of them)"},
}

func one(field func(a *article.Article) string) func(a *article.Article) []string {
	return func(a *article.Article) []string {
		if v := field(a); v != "" {
			return []string{v}
		}
		return nil
	}
}

// Fields lists every facet's name.
var Fields = func() []string {
	out := make([]string, len(Registry))
	for i, f := range Registry {
		out[i] = f.Name
	}
	return out
}()

// Lookup returns the facet called name.
func Lookup(name string) (Facet, bool) {
	i := slices.IndexFunc(Registry, func(f Facet) bool { return f.Name == name })
	if i < 0 {
		return Facet{}, false
	}
	return Registry[i], true
}

// Values are an article's values of every facet: entity facets from
// entities (kind -> values), the others from the article's fields.
func Values(a *article.Article, entities map[string][]string) map[string][]string {
	out := make(map[string][]string, len(Registry))
	for _, f := range Registry {
		if f.Entity {
			out[f.Name] = entities[f.Name]
		} else {
			out[f.Name] = f.Of(a)
		}
	}
	return out
}
