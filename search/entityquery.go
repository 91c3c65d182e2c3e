package search

import (
	"github.com/RoaringBitmap/roaring/v2"

	"newsarchive/indexer/facets"
)

// EntityFinder says which facet values (people, countries…) the words of a
// query name, in any language or script: the entity extractor, which
// knows that Путин and Putin are Vladimir Putin. It returns values by
// facet name.
type EntityFinder func(text string) map[string][]string

// entityValues is what the words of a plain query (compiled.plain: bare words, any of them)
// name, facet by facet.
func (e *Engine) entityValues(p plan) map[string][]string {
	if e.Entities == nil || !p.plain {
		return nil
	}
	out := map[string][]string{}
	for name, vals := range e.Entities(p.q.Text) {
		if f, ok := facets.Lookup(name); ok && f.Entity && f.Name != facets.Date && len(vals) > 0 {
			out[name] = vals
		}
	}
	return out
}

// addEntityMatches adds to a text match the articles whose facets hold a
// value the query's words name (within allowed: what the view holds and the
// filters pass); they rank after every text match, newest first, up to rank.
func addEntityMatches(v *facets.View, allowed *roaring.Bitmap, t *textResult, set *roaring.Bitmap, ranked []scored) []scored {
	var or []*roaring.Bitmap
	for name, vals := range t.entities {
		for _, val := range vals {
			or = append(or, v.Docs(name, val))
		}
	}
	if len(or) == 0 {
		return ranked
	}
	add := roaring.FastOr(or...)
	add.And(allowed) // the documents the view holds that pass the filters
	add.AndNot(set)
	if add.IsEmpty() {
		return ranked
	}
	set.Or(add)
	if need := t.rank - len(ranked); need > 0 {
		for _, d := range v.Page(add, false, 0, need) {
			ranked = append(ranked, scored{doc: d})
		}
	}
	return ranked
}
