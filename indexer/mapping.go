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
const MappingVersion = 5

// Text fields (English analysis; term vectors kept for phrase queries;
// nothing stored: result rows and snippets come from the archive).
const (
	FieldTitle = "title"
	FieldLead  = "lead"
	FieldBody  = "body"
)

// FieldPublished is the publication time (datetime).
const FieldPublished = "published"

// TextFields are searched by query words that name no field, with these boosts.
var TextFields = map[string]float64{FieldTitle: 3, FieldLead: 1.5, FieldBody: 1}

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
	doc.AddFieldMappingsAt(FieldLead, text())
	doc.AddFieldMappingsAt(FieldBody, text())
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
	im.DefaultField = FieldBody
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
