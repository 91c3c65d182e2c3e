package indexer_test

import (
	"flag"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"newsarchive/article"
	. "newsarchive/indexer"
	"newsarchive/internal/bench"
)

var benchArticles = flag.Int("articles", 3000, "articles indexed by BenchmarkIndexLanguages")

// Synthetic vocabularies: stems and endings put together at random, so the
// stemmers work on words with case and verb endings as in news text (the
// words need not be real).
var benchVocab = map[string]struct{ stems, endings []string }{
	"ru": {strings.Fields(`президент правительств министр переговор границ войн экономик выбор закон суд власт санкци
		встреч заявлен безопасност город област стран народ решени вопрос журналист депутат армии оборон бюджет
		мир газ нефт рынок доклад совет работ компани банк план проект сил помощ`),
		strings.Fields(`а у ом е ы ов ами ах ой ого ому ий ая ую ые ых ым ется ились ил ила или ать ует ают ость ости`)},
	"uk": {strings.Fields(`президент уряд міністр переговор кордон війн економік вибор закон суд влад санкці зустріч
		заяв безпек міст област країн народ рішенн питанн журналіст депутат армі оборон бюджет мир газ нафт
		ринк доповід рад робот компані банк план проєкт сил допомог`),
		strings.Fields(`а у ом і и ів ами ах ою ого ому ий а у і их им ється лися ив ила или ати ує ують ість ості ї є`)},
	"kk": {strings.Fields(`президент үкімет министр келіссөз шекара соғыс экономика сайлау заң сот билік санкция
		кездесу мәлімдеме қауіпсіздік қала облыс ел халық шешім сұрақ журналист депутат әскер қорғаныс бюджет`),
		strings.Fields(`ы і ға ге қа ке да де та те дан ден нан нен ның нің дың дің тың тің лар лер дар дер тар тер`)},
}

// benchArticle is article i of a corpus: English news text, or, when mixed,
// one article in two in English, the rest in Russian, Ukrainian and Kazakh
// (neutral analysis) with as many words.
func benchArticle(c *bench.Corpus, i int, mixed bool) *article.Article {
	a := c.Article(i)
	if !mixed {
		return a
	}
	lang := []string{"en", "en", "en", "en", "en", "ru", "ru", "uk", "uk", "kk"}[i%10]
	if lang == "en" {
		return a
	}
	r := rand.New(rand.NewPCG(uint64(i), 7))
	v := benchVocab[lang]
	text := func(s string) string {
		words := strings.Fields(s)
		for j := range words {
			words[j] = v.stems[r.IntN(len(v.stems))] + v.endings[r.IntN(len(v.endings))]
		}
		return strings.Join(words, " ")
	}
	a.Language = lang
	a.Title, a.Lead, a.Body = text(a.Title), text(a.Lead), text(a.Body)
	return a
}

// mapping5 is the mapping before analysis per language: title, lead and
// body of every article analysed as English, and the publication time.
func mapping5() mapping.IndexMapping {
	doc := mapping.NewDocumentStaticMapping()
	for _, part := range Parts {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, false, false, true
		doc.AddFieldMappingsAt(part, f)
	}
	pub := mapping.NewDateTimeFieldMapping()
	pub.Store, pub.IncludeInAll, pub.DocValues = false, false, false
	doc.AddFieldMappingsAt(FieldPublished, pub)
	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	return im
}

// BenchmarkIndexLanguages indexes the same number of articles, English only
// or mixed, with this mapping and with the English-only one before it, into
// one Bleve index in batches of 500 (the indexer's default), and reports
// articles per second and index bytes per article. Entity extraction is
// left out: it is the same for both mappings.
//
//	go test -run '^$' -bench IndexLanguages -benchtime 1x ./indexer/ -args -articles 20000
func BenchmarkIndexLanguages(b *testing.B) {
	n := *benchArticles
	c, err := bench.NewCorpus(1)
	if err != nil {
		b.Fatal(err)
	}
	for _, run := range []struct {
		name  string
		mixed bool
		m     func() mapping.IndexMapping
		doc   func(a *article.Article) map[string]any
	}{
		{"english/mapping5", false, mapping5, doc5},
		{"english/mapping6", false, Mapping, func(a *article.Article) map[string]any { return BleveDoc(a, nil) }},
		{"mixed/mapping5", true, mapping5, doc5},
		{"mixed/mapping6", true, Mapping, func(a *article.Article) map[string]any { return BleveDoc(a, nil) }},
	} {
		docs := make([]map[string]any, n)
		for i := range docs {
			docs[i] = run.doc(benchArticle(c, i, run.mixed))
		}
		b.Run(run.name, func(b *testing.B) {
			var took, cpu time.Duration
			var size int64
			for b.Loop() {
				dir := filepath.Join(b.TempDir(), "index")
				start, cpu0 := time.Now(), cpuTime()
				idx, err := bleve.NewUsing(dir, run.m(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
				if err != nil {
					b.Fatal(err)
				}
				batch := idx.NewBatch()
				for i, d := range docs {
					if err := batch.Index(BleveID(uint32(i)), d); err != nil {
						b.Fatal(err)
					}
					if batch.Size() == 500 || i == len(docs)-1 {
						if err := idx.Batch(batch); err != nil {
							b.Fatal(err)
						}
						batch.Reset()
					}
				}
				if err := idx.Close(); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
				cpu += cpuTime() - cpu0
				size = dirSize(b, dir)
			}
			b.ReportMetric(float64(n)*float64(b.N)/took.Seconds(), "articles/s")
			// Per CPU second (user and system, all goroutines): what the
			// analysis costs, apart from waits for the disk and other
			// processes on a shared machine.
			b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "articles/cpu-s")
			b.ReportMetric(float64(size)/float64(n), "bytes/article")
		})
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func doc5(a *article.Article) map[string]any {
	return map[string]any{FieldTitle: a.Title, FieldLead: a.Lead, FieldBody: a.Body, FieldPublished: a.Published}
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
