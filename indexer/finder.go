package indexer

import (
	"slices"
	"strings"
	"time"

	"newsarchive/article"
	"newsarchive/indexer/entities"
)

// EntityFinder finds an article's entities with the extractor, then
// canonicalises its people across the archive: a surname-only or variant
// mention becomes the full name the archive uses, when that is unambiguous.
type EntityFinder struct {
	ex    *entities.Extractor
	canon *entities.Canon
}

// NewEntityFinder returns a finder that knows the archive's people already
// (known: every person name the archive holds).
func NewEntityFinder(ex *entities.Extractor, known []string) *EntityFinder {
	f := &EntityFinder{ex: ex, canon: entities.NewCanon(ex)}
	for _, name := range known {
		f.canon.Learn(name)
	}
	return f
}

// Find implements Finder.
func (f *EntityFinder) Find(a *article.Article) map[string][]string {
	e := f.ex.Extract(a.Text(), a.Published)
	for _, p := range e.People {
		// a full name new to the archive that it knows in another language's spelling (Igor
		// Losik of a Russian text, Ihar Losik of the English ones) grows that one
		r := p
		if !f.canon.Knows(p) && len(strings.Fields(p)) >= 2 {
			r = f.canon.Resolve(p)
		}
		f.canon.Learn(r)
	}
	m := f.resolved(e)
	slices.Sort(m[article.KindPerson])
	return m
}

// Named is what a short text (a search's words) names, by kind, with
// people resolved to the names the finder knows. Unlike Find it learns
// nothing: a server's queries cannot grow what it remembers.
func (f *EntityFinder) Named(text string, at time.Time) map[string][]string {
	return f.resolved(f.ex.Extract(text, at))
}

// resolved is e by kind, its people resolved to the names the finder knows, each once.
func (f *EntityFinder) resolved(e entities.Entities) map[string][]string {
	var people []string
	for _, p := range e.People {
		if r := f.canon.Resolve(p); !slices.Contains(people, r) {
			people = append(people, r)
		}
	}
	return map[string][]string{article.KindPerson: people, article.KindCountry: e.Countries, article.KindDate: e.Dates}
}
