package indexer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// ErrMappingVersion is returned when the index on disk was built with
// another mapping version.
var ErrMappingVersion = errors.New("the index was built by another version of newsarchive: run `newsarchive reindex`")

const versionKey = "newsarchive_mapping_version"

// Index is the open search index: the Bleve index for text, and the facet
// store for everything else. One process holds it at a time.
type Index struct {
	dataDir string
	bleve   bleve.Index
	facets  *facets.Store
	lock    *fileLock
}

// Dir is where the Bleve index of a data directory lives.
func Dir(dataDir string) string { return filepath.Join(dataDir, "index") }

// Open takes the index lock, opens (or creates) the index under dataDir and
// loads the facet store from the archive. It fails with a *LockedError when
// another process holds the index, and with ErrMappingVersion when the
// index must be rebuilt.
func Open(ctx context.Context, dataDir string, arch *archive.Archive, h Holder) (*Index, error) {
	lock, err := acquire(dataDir, h)
	if err != nil {
		return nil, err
	}
	ix := &Index{dataDir: dataDir, lock: lock}
	ix.bleve, err = openBleve(Dir(dataDir))
	if err != nil {
		lock.release()
		return nil, err
	}
	if ix.facets, err = LoadFacets(ctx, arch); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// openBleve opens the Bleve index at dir, creating it when missing.
func openBleve(dir string) (bleve.Index, error) {
	cfg := map[string]any{"bolt_timeout": "5s"}
	b, err := bleve.OpenUsing(dir, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return createBleve(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w (if it is damaged, run `newsarchive reindex`)", dir, err)
	}
	v, err := b.GetInternal([]byte(versionKey))
	if err != nil || string(v) != strconv.Itoa(MappingVersion) {
		b.Close()
		return nil, fmt.Errorf("open index %s (mapping version %q, this program uses %d): %w", dir, v, MappingVersion, ErrMappingVersion)
	}
	return b, nil
}

func createBleve(dir string) (bleve.Index, error) {
	b, err := bleve.NewUsing(dir, Mapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	if err := b.SetInternal([]byte(versionKey), []byte(strconv.Itoa(MappingVersion))); err != nil {
		b.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	return b, nil
}

// LoadFacets builds the facet store from the archive's indexed articles.
func LoadFacets(ctx context.Context, arch *archive.Archive) (*facets.Store, error) {
	st := facets.New()
	batch := make([]facets.Doc, 0, 4096)
	err := arch.ScanIndexed(ctx, func(r archive.FacetRow) error {
		batch = append(batch, facetDoc(r.Doc, parseTime(r.Published), r.Section, r.Site, r.Language, r.People, r.Countries, r.Dates))
		if len(batch) == cap(batch) {
			st.Put(batch...)
			batch = batch[:0]
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load facets from the archive: %w", err)
	}
	st.Put(batch...)
	return st, nil
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func facetDoc(n uint32, published time.Time, section, site, lang string, people, countries, dates []string) facets.Doc {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	return facets.Doc{Num: n, Published: published, Values: map[string][]string{
		facets.Person: people, facets.Country: countries, facets.Date: dates,
		facets.Section: one(section), facets.Site: one(site), facets.Lang: one(lang),
	}}
}

// bleveDoc is what Bleve indexes for an article.
func bleveDoc(n uint32, a *article.Article) map[string]any {
	d := map[string]any{
		FieldTitle: a.Title, FieldLead: a.Lead, FieldBody: a.Body,
		facets.Person: a.People, facets.Country: a.Countries, facets.Date: a.Dates,
		facets.Section: a.Section, facets.Site: a.Site, facets.Lang: a.Language,
		fieldDoc: strconv.FormatUint(uint64(n), 10),
	}
	if !a.Published.IsZero() {
		d[FieldPublished] = a.Published
	}
	return d
}

// Bleve is the text index.
func (ix *Index) Bleve() bleve.Index { return ix.bleve }

// Facets is the facet store.
func (ix *Index) Facets() *facets.Store { return ix.facets }

// SetAddr records the address of the server holding the index, so other
// commands can send their searches there.
func (ix *Index) SetAddr(command, addr string) error {
	h, _ := ReadHolder(ix.dataDir)
	h.Command, h.Addr = command, addr
	return ix.lock.setAddr(h)
}

// DocCount is the number of documents in the text index.
func (ix *Index) DocCount() (uint64, error) { return ix.bleve.DocCount() }

// Close closes the index and releases its lock.
func (ix *Index) Close() error {
	var err error
	if ix.bleve != nil {
		err = ix.bleve.Close()
		ix.bleve = nil
	}
	ix.lock.release()
	return err
}

// Reader opens a point-in-time reader of the text index.
func (ix *Index) Reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// DocNum reads the archive document number from a doc-values visit.
func DocNum(term []byte) (uint32, bool) {
	n, err := strconv.ParseUint(string(term), 10, 32)
	return uint32(n), err == nil
}

// DocField is the field whose doc values hold the document number.
const DocField = fieldDoc
