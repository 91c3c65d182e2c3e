// Package facets declares the facets (Registry: each facet's name, label,
// how its values combine and where they come from) and keeps, in memory,
// what faceted search needs to answer without touching the inverted index:
// for every facet a bitmap of the documents holding each value, each
// document's values, and each document's publication time.
//
// Filters become bitmap intersections, facet counts become intersection
// cardinalities (or a pass over a small result set), the published
// histogram reads per-month bitmaps, and date-ordered pages walk one sorted
// array. Documents are identified by the archive's dense document numbers.
package facets

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// Doc is one document as the store sees it.
type Doc struct {
	Num       uint32
	Published time.Time // zero when unknown
	Values    map[string][]string
}

// Store is the in-memory facet store. It is safe for concurrent use: writers
// take the lock briefly per batch, readers work inside Read.
type Store struct {
	mu     sync.RWMutex
	gen    atomic.Uint64 // read without the lock: a cache lookup never waits on a writer
	alive  *roaring.Bitmap
	fields map[string]*field
	pub    []int64 // doc → unix seconds of publication; noDate when unknown
	months map[int32]*roaring.Bitmap
	order  []uint32 // alive docs, newest first (ties: higher doc first)

	counters sync.Pool // *[]int32 facet counters, see View.getCounts
}

const noDate = int64(-1 << 62)

type field struct {
	values  []string
	index   map[string]uint32
	bitmaps []*roaring.Bitmap
	folded  []string // values folded for prefix search

	// Each document's value ids, in one slab: loc[doc] holds the start in
	// slab (high 48 bits) and the count (low 16). Flat arrays keep a walk
	// over many documents cache-friendly and give the collector nothing to
	// scan; a replaced document's old ids stay in the slab, unused.
	loc  []uint64
	slab []uint32

	// byCount lists value ids by descending count. Writers clear it (under
	// the store's write lock); readers fill it lazily under sortMu.
	sortMu  sync.Mutex
	byCount []uint32
}

// New returns an empty store.
func New() *Store {
	s := &Store{alive: roaring.New(), fields: map[string]*field{}, months: map[int32]*roaring.Bitmap{}}
	for _, f := range Fields {
		s.fields[f] = &field{index: map[string]uint32{}}
	}
	return s
}

// Generation changes whenever the store's content changes; caches key on it.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Len is the number of documents in the store.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return int(s.alive.GetCardinality())
}

// Put adds or replaces documents.
func (s *Store) Put(docs ...Doc) {
	if len(docs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var added []uint32
	reorder := false
	for _, d := range docs {
		if s.alive.Contains(d.Num) {
			old := s.pub[d.Num]
			s.removeLocked(d.Num)
			if old != pubKey(d.Published) {
				reorder = true
			}
		} else {
			added = append(added, d.Num)
		}
		s.addLocked(d)
	}
	if reorder {
		s.rebuildOrderLocked()
	} else {
		s.mergeOrderLocked(added)
	}
	s.gen.Add(1)
}

// Remove deletes documents.
func (s *Store) Remove(nums ...uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range nums {
		if s.alive.Contains(n) {
			s.removeLocked(n)
		}
	}
	s.rebuildOrderLocked()
	s.gen.Add(1)
}

func pubKey(t time.Time) int64 {
	if t.IsZero() {
		return noDate
	}
	return t.Unix()
}

func monthKey(sec int64) int32 {
	t := time.Unix(sec, 0).UTC()
	return int32(t.Year()*12 + int(t.Month()) - 1)
}

func (s *Store) addLocked(d Doc) {
	n := d.Num
	if int(n) >= len(s.pub) {
		grow := max(int(n)+1, len(s.pub)*5/4+1024)
		s.pub = append(s.pub, make([]int64, grow-len(s.pub))...)
	}
	s.alive.Add(n)
	s.pub[n] = pubKey(d.Published)
	if s.pub[n] != noDate {
		mk := monthKey(s.pub[n])
		b := s.months[mk]
		if b == nil {
			b = roaring.New()
			s.months[mk] = b
		}
		b.Add(n)
	}
	for name, f := range s.fields {
		vals := d.Values[name]
		if len(vals) == 0 {
			continue
		}
		if int(n) >= len(f.loc) {
			grow := max(int(n)+1, len(f.loc)*5/4+1024)
			f.loc = append(f.loc, make([]uint64, grow-len(f.loc))...)
		}
		start := len(f.slab)
		for _, v := range vals {
			if v == "" {
				continue
			}
			id, ok := f.index[v]
			if !ok {
				id = uint32(len(f.values))
				f.values = append(f.values, v)
				f.folded = append(f.folded, Fold(v))
				f.index[v] = id
				f.bitmaps = append(f.bitmaps, roaring.New())
			}
			if ids := f.slab[start:]; !slices.Contains(ids, id) && len(ids) < maxValues {
				f.slab = append(f.slab, id)
				f.bitmaps[id].Add(n)
			}
		}
		f.loc[n] = uint64(start)<<16 | uint64(len(f.slab)-start)
		f.byCount = nil
	}
}

func (s *Store) removeLocked(n uint32) {
	s.alive.Remove(n)
	if p := s.pub[n]; p != noDate {
		if b := s.months[monthKey(p)]; b != nil {
			b.Remove(n)
		}
	}
	s.pub[n] = noDate
	for _, f := range s.fields {
		ids := f.ids(n)
		for _, id := range ids {
			f.bitmaps[id].Remove(n)
		}
		if len(ids) > 0 {
			f.byCount = nil
			f.loc[n] = 0
		}
	}
}

// maxValues is the most values one document may hold in one field.
const maxValues = 1<<16 - 1

// ids returns a document's value ids (do not modify them).
func (f *field) ids(doc uint32) []uint32 {
	if int(doc) >= len(f.loc) {
		return nil
	}
	l := f.loc[doc]
	start := l >> 16
	return f.slab[start : start+l&0xffff]
}

// newer reports whether doc a sorts before doc b, newest first.
func (s *Store) newer(a, b uint32) bool {
	if s.pub[a] != s.pub[b] {
		return s.pub[a] > s.pub[b]
	}
	return a > b
}

func (s *Store) rebuildOrderLocked() {
	s.order = s.alive.ToArray()
	sort.Slice(s.order, func(i, j int) bool { return s.newer(s.order[i], s.order[j]) })
}

// mergeOrderLocked merges new documents into the date order.
func (s *Store) mergeOrderLocked(added []uint32) {
	if len(added) == 0 {
		return
	}
	sort.Slice(added, func(i, j int) bool { return s.newer(added[i], added[j]) })
	merged := make([]uint32, 0, len(s.order)+len(added))
	i, j := 0, 0
	for i < len(s.order) && j < len(added) {
		if s.newer(added[j], s.order[i]) {
			merged = append(merged, added[j])
			j++
		} else {
			merged = append(merged, s.order[i])
			i++
		}
	}
	merged = append(merged, s.order[i:]...)
	merged = append(merged, added[j:]...)
	s.order = merged
}

// Read runs fn with a consistent view of the store. The view and every
// bitmap it returns are valid only during fn. A writer waiting for the lock
// holds back every new reader (sync.RWMutex), so fn must be quick: never run
// a text search inside it.
func (s *Store) Read(fn func(v *View) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(&View{s: s})
}
