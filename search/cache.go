package search

import (
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"
)

// resultCache keeps recent search results, keyed by the index generation
// and the query: any change to the index makes a new generation, so a
// cached answer is never stale. Popular searches (the landing page, a facet
// click everybody makes) are answered without touching the index.
type resultCache struct {
	c *lru.Cache[string, *Result]
}

func newResultCache(size int) *resultCache {
	c, err := lru.New[string, *Result](size)
	if err != nil {
		return nil
	}
	return &resultCache{c: c}
}

// cacheKey is the index generation and the query: its URL form, plus the
// sizes, which the URL form leaves out when zero.
func cacheKey(gen uint64, q Query) string {
	return strconv.FormatUint(gen, 10) + "|" + strconv.Itoa(q.Size) + "|" + strconv.Itoa(q.FacetSize) + "|" +
		q.Values().Encode()
}

func (rc *resultCache) get(key string) (*Result, bool) {
	if rc == nil {
		return nil, false
	}
	return rc.c.Get(key)
}

func (rc *resultCache) put(key string, r *Result) {
	if rc != nil {
		rc.c.Add(key, r)
	}
}
