package indexer

import (
	"slices"

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
		f.canon.Learn(p)
	}
	var people []string
	for _, p := range e.People {
		r := f.canon.Resolve(p)
		if !slices.Contains(people, r) {
			people = append(people, r)
		}
	}
	slices.Sort(people)
	return map[string][]string{article.KindPerson: people, article.KindCountry: e.Countries, article.KindDate: e.Dates}
}
