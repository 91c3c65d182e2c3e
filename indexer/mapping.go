// Package indexer keeps the search index: the static, versioned Bleve
// mapping, the index on disk with its lock, the in-memory facet store beside
// it, and the indexing of the archive's pending articles (entity extraction
// included). Entity extraction itself lives in indexer/entities; the facet
// store in indexer/facets.
package indexer

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"newsarchive/indexer/facets"
)

// MappingVersion changes whenever the mapping below (or what is indexed into
// it) changes; an index of another version must be rebuilt with reindex.
const MappingVersion = 4

// Text fields (English analysis; term vectors kept for phrase queries;
// nothing stored: result rows and snippets come from the archive). The
// article's whole text — title, lead and body, as three array elements so a
// phrase never runs from one into the next — is one field; the title is
// also a field of its own, to search it alone and to weigh matches in it.
const (
	FieldTitle = "title"
	FieldText  = "text"
)

// TextAliases are field names users may write that search the whole text.
var TextAliases = []string{"lead", "body"}

// FieldPublished is the publication time (datetime).
const FieldPublished = "published"

// TextFields are searched by query words that name no field, with these
// boosts (a title word counts in both).
var TextFields = map[string]float64{FieldText: 1, FieldTitle: 2}

// Mapping returns the index mapping.
func Mapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
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
	doc.AddFieldMappingsAt(FieldTitle, text())
	doc.AddFieldMappingsAt(FieldText, text())
	for _, name := range facets.Fields {
		doc.AddFieldMappingsAt(name, kw())
	}
	pub := mapping.NewDateTimeFieldMapping()
	pub.Store = false
	pub.IncludeInAll = false
	pub.DocValues = false
	doc.AddFieldMappingsAt(FieldPublished, pub)

	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultField = FieldText
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
