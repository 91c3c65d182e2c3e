package facets

import (
	"container/heap"
	"sort"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// View is a consistent, read-only view of the store (see Store.Read).
type View struct{ s *Store }

// Generation identifies the store content this view sees.
func (v *View) Generation() uint64 { return v.s.gen.Load() }

// All returns the set of all documents. Do not modify it.
func (v *View) All() *roaring.Bitmap { return v.s.alive }

// Has reports whether the document is in the store.
func (v *View) Has(doc uint32) bool { return v.s.alive.Contains(doc) }

// Values returns a document's values of a field.
func (v *View) Values(field string, doc uint32) []string {
	f := v.s.fields[field]
	if f == nil {
		return nil
	}
	ids := f.ids(doc)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = f.values[id]
	}
	return out
}

// Published returns a document's publication time (zero when unknown).
func (v *View) Published(doc uint32) time.Time {
	if int(doc) >= len(v.s.pub) || v.s.pub[doc] == noDate {
		return time.Time{}
	}
	return time.Unix(v.s.pub[doc], 0).UTC()
}

// Docs returns the documents holding value in field. Do not modify it; an
// unknown value gives an empty set.
func (v *View) Docs(field, value string) *roaring.Bitmap {
	f := v.s.fields[field]
	if f == nil {
		return roaring.New()
	}
	id, ok := f.index[value]
	if !ok {
		return roaring.New()
	}
	return f.bitmaps[id]
}

// Known reports whether any document holds value in field.
func (v *View) Known(field, value string) bool {
	f := v.s.fields[field]
	if f == nil {
		return false
	}
	id, ok := f.index[value]
	return ok && !f.bitmaps[id].IsEmpty()
}

// PublishedBetween returns the documents published in [from, to) (either
// bound may be zero for open). Documents without a date are never in it.
func (v *View) PublishedBetween(from, to time.Time) *roaring.Bitmap {
	lo, hi := int64(-1<<62+1), int64(1<<62)
	if !from.IsZero() {
		lo = from.Unix()
	}
	if !to.IsZero() {
		hi = to.Unix()
	}
	out := roaring.New()
	var full []*roaring.Bitmap
	for mk, b := range v.s.months {
		start, end := monthBounds(mk)
		switch {
		case end <= lo || start >= hi:
		case start >= lo && end <= hi:
			full = append(full, b)
		default:
			b.Iterate(func(d uint32) bool {
				if p := v.s.pub[d]; p >= lo && p < hi {
					out.Add(d)
				}
				return true
			})
		}
	}
	if len(full) > 0 {
		out.Or(roaring.FastOr(full...))
	}
	return out
}

func monthBounds(mk int32) (int64, int64) {
	y, m := int(mk)/12, time.Month(int(mk)%12+1)
	start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return start.Unix(), start.AddDate(0, 1, 0).Unix()
}

// Span returns the earliest and latest publication time in set (zero times
// when none has a date).
func (v *View) Span(set *roaring.Bitmap) (first, last time.Time) {
	n := set.GetCardinality()
	if n*64 >= v.s.alive.GetCardinality() {
		// A broad set: the date order holds the answer near its ends.
		for _, d := range v.s.order {
			if v.s.pub[d] != noDate && set.Contains(d) {
				last = time.Unix(v.s.pub[d], 0).UTC()
				break
			}
		}
		for i := len(v.s.order) - 1; i >= 0; i-- {
			d := v.s.order[i]
			if p := v.s.pub[d]; p != noDate && set.Contains(d) {
				first = time.Unix(p, 0).UTC()
				break
			}
		}
		return first, last
	}
	lo, hi := int64(1<<62), int64(-1<<62)
	set.Iterate(func(d uint32) bool {
		if p := v.s.pub[d]; p != noDate {
			lo, hi = min(lo, p), max(hi, p)
		}
		return true
	})
	if hi < lo {
		return time.Time{}, time.Time{}
	}
	return time.Unix(lo, 0).UTC(), time.Unix(hi, 0).UTC()
}

// Page returns size documents of set starting at offset, newest first (or
// oldest first); documents without a date come last either way.
func (v *View) Page(set *roaring.Bitmap, oldest bool, offset, size int) []uint32 {
	n := int(set.GetCardinality())
	offset = max(offset, 0)
	if offset >= n || size <= 0 {
		return nil
	}
	want := min(size, n-offset)
	out := make([]uint32, 0, want)
	if n*16 >= len(v.s.order) {
		// A broad set: walk the global date order and keep members.
		skip := offset
		walk := func(d uint32) bool {
			if !set.Contains(d) {
				return true
			}
			if skip > 0 {
				skip--
				return true
			}
			out = append(out, d)
			return len(out) < want
		}
		if oldest {
			var undated []uint32
			for i := len(v.s.order) - 1; i >= 0 && len(out) < want; i-- {
				d := v.s.order[i]
				if v.s.pub[d] == noDate {
					undated = append(undated, d) // they sit at the end; they go last
					continue
				}
				walk(d)
			}
			for i := 0; i < len(undated) && len(out) < want; i++ {
				walk(undated[i])
			}
			return out
		}
		for _, d := range v.s.order {
			if !walk(d) {
				break
			}
		}
		return out
	}
	docs := set.ToArray()
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		pa, pb := v.s.pub[a], v.s.pub[b]
		if (pa == noDate) != (pb == noDate) {
			return pb == noDate
		}
		if oldest {
			if pa != pb {
				return pa < pb
			}
			return a < b
		}
		return v.s.newer(a, b)
	})
	return docs[offset : offset+want]
}

// ValueCount is one facet value with the number of documents holding it.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Top returns the k values of field most frequent in set, with exact counts,
// by descending count then value. Values not in set are left out.
func (v *View) Top(field string, set *roaring.Bitmap, k int) []ValueCount {
	f := v.s.fields[field]
	if f == nil || k <= 0 {
		return []ValueCount{}
	}
	setSize := set.GetCardinality()
	if setSize == 0 {
		return []ValueCount{}
	}
	if setSize == v.s.alive.GetCardinality() {
		// Every document: the counts are the bitmaps' sizes.
		h := &topHeap{}
		for _, id := range f.sortedByCount() {
			c := int(f.bitmaps[id].GetCardinality())
			if c == 0 {
				break
			}
			if h.Len() == k && c < (*h)[0].Count {
				break
			}
			h.offer(ValueCount{f.values[id], c}, k)
		}
		return h.sorted()
	}
	if v.forwardCheaper(f, setSize) {
		return v.topForward(f, set, k)
	}
	return v.topIntersect(f, set, k)
}

// topForward counts by walking the set's documents and their values.
func (v *View) topForward(f *field, set *roaring.Bitmap, k int) []ValueCount {
	h := &topHeap{}
	counts := v.getCounts(len(f.values))
	defer v.putCounts(counts)
	var touched []uint32
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, d := range buf[:n] {
			if int(d) >= len(f.loc) {
				continue
			}
			l := f.loc[d]
			start := l >> 16
			for _, id := range f.slab[start : start+l&0xffff] {
				if counts[id] == 0 {
					touched = append(touched, id)
				}
				counts[id]++
			}
		}
	}
	for _, id := range touched {
		h.offer(ValueCount{f.values[id], int(counts[id])}, k)
		counts[id] = 0
	}
	return h.sorted()
}

// topIntersect intersects value bitmaps with the set in order of their
// overall size and stops once no later value can reach the k-th count.
func (v *View) topIntersect(f *field, set *roaring.Bitmap, k int) []ValueCount {
	h := &topHeap{}
	for _, id := range f.sortedByCount() {
		total := int(f.bitmaps[id].GetCardinality())
		if total == 0 || (h.Len() == k && total < (*h)[0].Count) {
			break
		}
		if c := int(f.bitmaps[id].AndCardinality(set)); c > 0 {
			h.offer(ValueCount{f.values[id], c}, k)
		}
	}
	return h.sorted()
}

// forwardCheaper estimates whether counting by walking the set's documents
// beats intersecting value bitmaps: it does below about an eighth of the
// archive (BenchmarkTopStrategies: at 5% walking is 70x faster, at 20%
// intersecting is 3x faster, thanks to its early stop).
func (v *View) forwardCheaper(f *field, setSize uint64) bool {
	return setSize*8 < v.s.alive.GetCardinality() || setSize*8 < uint64(len(f.values))
}

// Match returns up to k values of field holding a word that starts with
// prefix (case- and accent-insensitive), counted within set, by descending
// count then value.
func (v *View) Match(field, prefix string, set *roaring.Bitmap, k int) []ValueCount {
	f := v.s.fields[field]
	if f == nil || k <= 0 {
		return []ValueCount{}
	}
	p := Fold(prefix)
	all := set.GetCardinality() == v.s.alive.GetCardinality()
	h := &topHeap{}
	for id, val := range f.values {
		if !wordPrefix(f.folded[id], p) {
			continue
		}
		var c int
		if all {
			c = int(f.bitmaps[id].GetCardinality())
		} else {
			c = int(f.bitmaps[id].AndCardinality(set))
		}
		if c > 0 {
			h.offer(ValueCount{val, c}, k)
		}
	}
	return h.sorted()
}

func wordPrefix(s, p string) bool {
	if p == "" || strings.HasPrefix(s, p) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if (s[i] == ' ' || s[i] == '-') && strings.HasPrefix(s[i+1:], p) {
			return true
		}
	}
	return false
}

func (f *field) sortedByCount() []uint32 {
	f.sortMu.Lock()
	defer f.sortMu.Unlock()
	if f.byCount != nil {
		return f.byCount
	}
	ids := make([]uint32, len(f.values))
	for i := range ids {
		ids[i] = uint32(i)
	}
	counts := make([]uint64, len(f.values))
	for i, b := range f.bitmaps {
		counts[i] = b.GetCardinality()
	}
	sort.Slice(ids, func(i, j int) bool {
		if counts[ids[i]] != counts[ids[j]] {
			return counts[ids[i]] > counts[ids[j]]
		}
		return f.values[ids[i]] < f.values[ids[j]]
	})
	f.byCount = ids
	return ids
}

// topHeap keeps the k best values: a min-heap on (count, then reverse value).
type topHeap []ValueCount

func worse(a, b ValueCount) bool {
	if a.Count != b.Count {
		return a.Count < b.Count
	}
	return a.Value > b.Value
}

func (h topHeap) Len() int           { return len(h) }
func (h topHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h topHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *topHeap) Push(x any)        { *h = append(*h, x.(ValueCount)) }
func (h *topHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *topHeap) offer(vc ValueCount, k int) {
	if h.Len() < k {
		heap.Push(h, vc)
		return
	}
	if worse((*h)[0], vc) {
		(*h)[0] = vc
		heap.Fix(h, 0)
	}
}

func (h *topHeap) sorted() []ValueCount {
	out := make([]ValueCount, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(ValueCount)
	}
	return out
}

// FieldValues returns every value of a field held by some document.
func (v *View) FieldValues(field string) []string {
	f := v.s.fields[field]
	if f == nil {
		return nil
	}
	var out []string
	for id, val := range f.values {
		if !f.bitmaps[id].IsEmpty() {
			out = append(out, val)
		}
	}
	return out
}

// getCounts returns a zeroed counter slice with a slot per value, reused
// between facet counts (putCounts returns it, zeroed again).
func (v *View) getCounts(n int) []int32 {
	if p, ok := v.s.counters.Get().(*[]int32); ok && len(*p) >= n {
		return *p
	}
	return make([]int32, n+n/4+64)
}

func (v *View) putCounts(c []int32) { v.s.counters.Put(&c) }
