package facets

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// randomDocs makes n documents with Zipf-like people and countries, some
// without a date.
func randomDocs(r *rand.Rand, n int, firstNum uint32) []Doc {
	zipf := func(k int) int { return int(float64(k) * r.Float64() * r.Float64() * r.Float64()) }
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]Doc, n)
	for i := range docs {
		d := Doc{Num: firstNum + uint32(i), Values: map[string][]string{}}
		if r.IntN(20) != 0 {
			d.Published = base.Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour))))
		}
		for j := r.IntN(5); j > 0; j-- {
			d.Values[Person] = append(d.Values[Person], fmt.Sprintf("Person %d", zipf(3000)))
		}
		for j := r.IntN(3); j > 0; j-- {
			d.Values[Country] = append(d.Values[Country], fmt.Sprintf("Country %d", zipf(60)))
		}
		d.Values[Section] = []string{fmt.Sprintf("Section %d", r.IntN(6))}
		docs[i] = d
	}
	return docs
}

func naiveTop(docs map[uint32]Doc, field string, set *roaring.Bitmap, k int) []ValueCount {
	counts := map[string]int{}
	set.Iterate(func(n uint32) bool {
		seen := map[string]bool{}
		for _, v := range docs[n].Values[field] {
			if !seen[v] {
				counts[v]++
				seen[v] = true
			}
		}
		return true
	})
	out := []ValueCount{}
	for v, c := range counts {
		out = append(out, ValueCount{v, c})
	}
	sort.Slice(out, func(i, j int) bool { return worse(out[j], out[i]) })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

func TestStoreAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := New()
	docs := map[uint32]Doc{}
	put := func(ds []Doc) {
		s.Put(ds...)
		for _, d := range ds {
			docs[d.Num] = d
		}
	}
	put(randomDocs(r, 20000, 1))
	put(randomDocs(r, 5000, 20001))
	// Replace some documents (new values, new dates) and delete others.
	put(randomDocs(r, 300, 100))
	s.Remove(5, 6, 7)
	delete(docs, 5)
	delete(docs, 6)
	delete(docs, 7)

	all := roaring.New()
	for n := range docs {
		all.Add(n)
	}
	sets := map[string]*roaring.Bitmap{"all": all}
	err := s.Read(func(v *View) error {
		if !v.All().Equals(all) {
			t.Fatalf("alive set differs: %d vs %d", v.All().GetCardinality(), all.GetCardinality())
		}
		sets["one country"] = v.Docs(Country, "Country 0").Clone()
		sets["rare person"] = v.Docs(Person, "Person 2000").Clone()
		sets["country and section"] = roaring.And(v.Docs(Country, "Country 1"), v.Docs(Section, "Section 2"))
		sets["2019"] = v.PublishedBetween(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		sets["empty"] = roaring.New()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, set := range sets {
		t.Run(name, func(t *testing.T) {
			s.Read(func(v *View) error {
				for _, f := range []string{Person, Country, Section} {
					for _, k := range []int{1, 10, 100} {
						got, want := v.Top(f, set, k), naiveTop(docs, f, set, k)
						if !reflect.DeepEqual(got, want) {
							t.Errorf("Top(%s, k=%d):\n got %v\nwant %v", f, k, got, want)
						}
					}
				}
				for _, oldest := range []bool{false, true} {
					want := naivePage(docs, set, oldest)
					for _, off := range []int{0, 7, len(want) - 3, len(want) + 5} {
						got := v.Page(set, oldest, off, 20)
						var exp []uint32
						if off >= 0 && off < len(want) {
							exp = want[off:min(off+20, len(want))]
						}
						if !slices.Equal(got, exp) {
							t.Errorf("Page(oldest=%v, offset=%d) = %v, want %v", oldest, off, got, exp)
						}
					}
				}
				first, last := v.Span(set)
				for _, iv := range []string{Day, Month, Year} {
					if iv == Day && last.Sub(first) > 400*24*time.Hour {
						continue
					}
					checkHistogram(t, v, docs, set, iv, first, last)
				}
				return nil
			})
		})
	}
}

func naivePage(docs map[uint32]Doc, set *roaring.Bitmap, oldest bool) []uint32 {
	ds := set.ToArray()
	sort.Slice(ds, func(i, j int) bool {
		a, b := docs[ds[i]].Published, docs[ds[j]].Published
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		if !a.Equal(b) {
			if oldest {
				return a.Before(b)
			}
			return a.After(b)
		}
		if oldest {
			return ds[i] < ds[j]
		}
		return ds[i] > ds[j]
	})
	return ds
}

func checkHistogram(t *testing.T, v *View, docs map[uint32]Doc, set *roaring.Bitmap, iv string, first, last time.Time) {
	t.Helper()
	hist := v.Histogram(set, iv, first, last)
	total := 0
	for _, b := range hist {
		want := 0
		set.Iterate(func(n uint32) bool {
			p := docs[n].Published
			if !p.IsZero() && !p.Before(b.From) && p.Before(b.To) {
				want++
			}
			return true
		})
		if b.Count != want {
			t.Errorf("histogram %s bucket %s = %d, want %d", iv, b.Key, b.Count, want)
		}
		total += b.Count
	}
	dated := 0
	set.Iterate(func(n uint32) bool {
		if !docs[n].Published.IsZero() {
			dated++
		}
		return true
	})
	if total != dated {
		t.Errorf("histogram %s sums to %d, want %d dated documents", iv, total, dated)
	}
}

func TestMatch(t *testing.T) {
	s := New()
	s.Put(
		Doc{Num: 1, Values: map[string][]string{Person: {"Sergei Lavrov", "Radosław Sikorski"}}},
		Doc{Num: 2, Values: map[string][]string{Person: {"Sergei Lavrov", "Sergei Ryabkov"}}},
		Doc{Num: 3, Values: map[string][]string{Person: {"Lavrenti Beria"}}},
	)
	s.Read(func(v *View) error {
		tests := []struct {
			prefix string
			set    *roaring.Bitmap
			want   []ValueCount
		}{
			{"lav", v.All(), []ValueCount{{"Sergei Lavrov", 2}, {"Lavrenti Beria", 1}}},
			{"LAV", roaring.BitmapOf(2), []ValueCount{{"Sergei Lavrov", 1}}},
			{"sikor", v.All(), []ValueCount{{"Radosław Sikorski", 1}}},
			{"radoslaw", v.All(), []ValueCount{{"Radosław Sikorski", 1}}},
			{"xyz", v.All(), []ValueCount{}},
		}
		for _, tt := range tests {
			if got := v.Match(Person, tt.prefix, tt.set, 10); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Match(%q) = %v, want %v", tt.prefix, got, tt.want)
			}
		}
		return nil
	})
}

func TestAutoInterval(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse("2006-01-02", s); return x }
	tests := []struct{ from, to, want string }{
		{"2025-10-01", "2025-10-31", Day},
		{"2025-09-01", "2025-10-31", Day},
		{"2025-01-01", "2025-10-31", Month},
		{"2021-01-01", "2025-10-31", Month},
		{"2015-01-01", "2025-10-31", Year},
	}
	for _, tt := range tests {
		if got := AutoInterval(d(tt.from), d(tt.to)); got != tt.want {
			t.Errorf("AutoInterval(%s, %s) = %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}

func BenchmarkTopBroad(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	s := New()
	for i := 0; i < 20; i++ {
		s.Put(randomDocs(r, 10000, uint32(i*10000+1))...)
	}
	s.Read(func(v *View) error {
		set := v.Docs(Country, "Country 0").Clone()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			v.Top(Person, set, 10)
		}
		return nil
	})
}
