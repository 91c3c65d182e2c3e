package facets

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// BenchmarkTopStrategies compares counting by walking the set's documents
// with intersecting value bitmaps, for sets of several sizes.
func BenchmarkTopStrategies(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	s := New()
	const n = 200000
	for i := 0; i < n/10000; i++ {
		s.Put(randomDocs(r, 10000, uint32(i*10000+1))...)
	}
	for _, frac := range []float64{0.01, 0.05, 0.2, 0.5} {
		set := roaring.New()
		for d := uint32(1); d <= n; d++ {
			if r.Float64() < frac {
				set.Add(d)
			}
		}
		s.Read(func(v *View) error {
			f := v.s.fields[Person]
			b.Run(fmt.Sprintf("forward/%.0f%%", frac*100), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					v.topForward(f, set, 10)
				}
			})
			b.Run(fmt.Sprintf("intersect/%.0f%%", frac*100), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					v.topIntersect(f, set, 10)
				}
			})
			return nil
		})
	}
}
