package entities

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchArticle builds a news text of about 5 KB from the gold and dev texts.
func benchArticle(b *testing.B) string {
	b.Helper()
	var sb strings.Builder
	for _, dir := range []string{filepath.Join("testdata", "gold"), filepath.Join("testdata", "dev")} {
		files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if sb.Len() >= 5*1024 {
				return sb.String()
			}
			t, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(t)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// BenchmarkExtract measures one ~5 KB article per operation (articles/s = 1e9 / ns/op).
func BenchmarkExtract(b *testing.B) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	text := benchArticle(b)
	pub := day("2025-10-22")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e.Extract(text, pub)
	}
}

// BenchmarkNew measures loading the tables and building an Extractor.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadTables(); err != nil {
			b.Fatal(err)
		}
	}
}
