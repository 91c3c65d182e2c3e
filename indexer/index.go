package indexer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// ErrMappingVersion is returned when the index on disk was built with
// another mapping version.
var ErrMappingVersion = errors.New("the index was built by another version of newsarchive: run `newsarchive reindex`")

const versionKey = "newsarchive_mapping_version"

// cursorKey holds, in every shard, the last change of the archive's feed
// the shard has taken.
const cursorKey = "newsarchive_cursor"

// Index is the open search index: the Bleve index for text, split into
// shards searched in parallel, and the facet store for everything else.
// One process holds it at a time.
type Index struct {
	dataDir string
	shards  []bleve.Index
	facets  *facets.Store
	lock    *fileLock
	cursor  atomic.Int64 // the last change of the archive's feed in the index
}

// Shards is how many Bleve indexes the text index is split into. Articles
// go to shard doc % Shards, so an article always lands in the same one.
// Searching and indexing run on all shards at once, one core each.
const Shards = 2

// Dir is where the index of a data directory lives.
func Dir(dataDir string) string { return filepath.Join(dataDir, "index") }

func shardDir(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("shard-%d", i)) }

// Open takes the index lock, opens (or creates) the index under dataDir,
// reads its cursor and loads the facet store from the archive as of that
// cursor. It fails with a *LockedError when another process holds the
// index, and with ErrMappingVersion when the index must be rebuilt.
func Open(ctx context.Context, dataDir string, arch Source, h Holder) (*Index, error) {
	lock, err := acquire(dataDir, h)
	if err != nil {
		return nil, err
	}
	ix := &Index{dataDir: dataDir, lock: lock}
	ix.shards, err = openShards(Dir(dataDir))
	if err != nil {
		lock.release()
		return nil, err
	}
	if err := ix.readCursor(); err != nil {
		ix.Close()
		return nil, err
	}
	if ix.facets, err = LoadFacets(ctx, arch, ix.Cursor()); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// Cursor is the last change of the archive's feed the index holds.
func (ix *Index) Cursor() int64 { return ix.cursor.Load() }

// Lag is how many changes of the archive the index has not taken yet.
func (ix *Index) Lag(ctx context.Context, arch interface {
	ChangesAfter(ctx context.Context, after int64) (int, error)
}) (int, error) {
	return arch.ChangesAfter(ctx, ix.Cursor())
}

// readCursor sets the index's cursor: the lowest of its shards' (a batch
// that reached one shard and not the other is taken again). Every shard of
// this mapping is created with a cursor (createBleve); a shard without one
// was not made by this version and asks to be rebuilt.
func (ix *Index) readCursor() error {
	cursor := int64(-1)
	for i, sh := range ix.shards {
		v, err := sh.GetInternal([]byte(cursorKey))
		if err != nil {
			return fmt.Errorf("read the cursor of index shard %d: %w", i, err)
		}
		if v == nil {
			return fmt.Errorf("index shard %d has no cursor: %w", i, ErrMappingVersion)
		}
		c, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return fmt.Errorf("read the cursor of index shard %d: %q: %w", i, v, err)
		}
		if cursor < 0 || c < cursor {
			cursor = c
		}
	}
	ix.cursor.Store(max(cursor, 0))
	return nil
}

// openShards opens the shards of the index at dir, creating the index when
// missing.
func openShards(dir string) ([]bleve.Index, error) {
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return createShards(dir)
	}
	var shards []bleve.Index
	closeAll := func() {
		for _, b := range shards {
			b.Close()
		}
	}
	for i := 0; i < Shards; i++ {
		b, err := openBleve(shardDir(dir, i))
		if err != nil {
			closeAll()
			return nil, err
		}
		shards = append(shards, b)
	}
	return shards, nil
}

// openBleve opens one shard and checks its mapping version.
func openBleve(dir string) (bleve.Index, error) {
	cfg := map[string]any{"bolt_timeout": "5s"}
	b, err := bleve.OpenUsing(dir, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return nil, fmt.Errorf("open index %s: missing (an index of an older layout?): %w", dir, ErrMappingVersion)
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

// createShards creates an empty index at dir.
func createShards(dir string) ([]bleve.Index, error) {
	var shards []bleve.Index
	for i := 0; i < Shards; i++ {
		b, err := createBleve(shardDir(dir, i))
		if err != nil {
			for _, s := range shards {
				s.Close()
			}
			os.RemoveAll(dir)
			return nil, err
		}
		shards = append(shards, b)
	}
	return shards, nil
}

func createBleve(dir string) (bleve.Index, error) {
	b, err := bleve.NewUsing(dir, Mapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	batch := b.NewBatch()
	batch.SetInternal([]byte(versionKey), []byte(strconv.Itoa(MappingVersion)))
	batch.SetInternal([]byte(cursorKey), []byte("0"))
	if err := b.Batch(batch); err != nil {
		b.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	return b, nil
}

// LoadFacets builds the facet store from the archive as an index at cursor
// holds it: one goroutine reads the archive while another fills the store.
func LoadFacets(ctx context.Context, arch Source, cursor int64) (*facets.Store, error) {
	st := facets.New()
	batches := make(chan []facets.Doc, 4)
	filled := make(chan struct{})
	go func() {
		defer close(filled)
		for b := range batches {
			st.Put(b...)
		}
	}()
	batch := make([]facets.Doc, 0, 4096)
	err := arch.ScanFacets(ctx, cursor, func(r archive.FacetRow) error {
		a := &article.Article{ID: r.ID, Published: r.Published, Section: r.Section, Site: r.Site, Language: r.Language, Kind: r.Kind}
		batch = append(batch, facets.Doc{Num: r.Doc, Published: r.Published, Values: facets.Values(a, r.Entities)})
		if len(batch) == cap(batch) {
			batches <- batch
			batch = make([]facets.Doc, 0, 4096)
		}
		return ctx.Err()
	})
	batches <- batch
	close(batches)
	<-filled
	if err != nil {
		return nil, fmt.Errorf("load facets from the archive: %w", err)
	}
	return st, nil
}

// bleveDoc is what Bleve indexes for an article (under BleveID of its
// document number): its title, lead and body in the fields of its
// language's analysis (empty parts left out).
func bleveDoc(a *article.Article, values map[string][]string) map[string]any {
	d := map[string]any{}
	key := Analysis(a.Language)
	for part, text := range map[string]string{FieldTitle: a.Title, FieldLead: a.Lead, FieldBody: a.Body} {
		if text != "" {
			d[TextField(part, key)] = text
		}
	}
	for name, vals := range values {
		d[name] = vals
	}
	if !a.Published.IsZero() {
		d[FieldPublished] = a.Published
	}
	return d
}

// Shards are the Bleve indexes of the text index.
func (ix *Index) Shards() []bleve.Index { return ix.shards }

// Mapping is the index mapping (the same for every shard).
func (ix *Index) Mapping() mapping.IndexMapping { return ix.shards[0].Mapping() }

// shardOf is the shard an article document lives in.
func (ix *Index) shardOf(doc uint32) int { return int(doc % uint32(len(ix.shards))) }

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
func (ix *Index) DocCount() (uint64, error) {
	var n uint64
	for _, b := range ix.shards {
		c, err := b.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// Close closes the index and releases its lock.
func (ix *Index) Close() error {
	var err error
	for _, b := range ix.shards {
		if cerr := b.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	ix.shards = nil
	ix.lock.release()
	return err
}

// BleveID is the Bleve document id of an archive document: its document
// number, so a text match joins the facet store without a lookup.
func BleveID(doc uint32) string { return strconv.FormatUint(uint64(doc), 10) }

// DocNum reads the archive document number back from a Bleve document id.
func DocNum(bleveID string) (uint32, bool) {
	n, err := strconv.ParseUint(bleveID, 10, 32)
	return uint32(n), err == nil
}
