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

// cyrillicArticle builds a Russian/Ukrainian news text of about 5 KB from the ru-uk gold texts.
func cyrillicArticle(b *testing.B) string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "ru-uk", "*", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no ru-uk texts: %v", err)
	}
	var sb strings.Builder
	for sb.Len() < 5*1024 {
		for _, f := range files {
			t, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(t)
			sb.WriteByte('\n')
			if sb.Len() >= 5*1024 {
				break
			}
		}
	}
	return sb.String()
}

// BenchmarkExtractCyrillic measures one ~5 KB Russian/Ukrainian article per operation
// (articles/s = 1e9 / ns/op; the target is at least 1,000 on one core).
func BenchmarkExtractCyrillic(b *testing.B) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	text := cyrillicArticle(b)
	pub := day("2025-08-28")
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
