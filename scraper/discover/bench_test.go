package discover

import (
	"bytes"
	"fmt"
	"testing"
)

// chunkOf builds an archive chunk of n URLs shaped like the real ones.
func chunkOf(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range n {
		fmt.Fprintf(&b, "<url><loc>https://www.rferl.org/a/some-invented-article-slug-%d/%d.html</loc><lastmod>2025-04-20T12:11:28.39Z</lastmod><changefreq>hourly</changefreq><priority>0.8</priority></url>", i, 33390703-i)
	}
	b.WriteString("</urlset>")
	return b.Bytes()
}

// BenchmarkParseSitemap parses a full 20,000-URL archive chunk (the size of
// a Pangea chunk), plain and gzipped.
func BenchmarkParseSitemap(b *testing.B) {
	plain := chunkOf(20_000)
	for _, v := range []struct {
		name string
		data []byte
	}{{"plain", plain}, {"gzip", gzipBytes(b, plain)}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			for b.Loop() {
				sm, err := ParseSitemap(bytes.NewReader(v.data))
				if err != nil || len(sm.URLs) != 20_000 {
					b.Fatal(err, len(sm.URLs))
				}
			}
			b.ReportMetric(float64(20_000*b.N)/b.Elapsed().Seconds(), "urls/s")
		})
	}
}
