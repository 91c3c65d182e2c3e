package search

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/facets"
)

// Export formats.
const (
	FormatCSV    = "csv"
	FormatJSON   = "json"
	FormatNDJSON = "ndjson"
)

// Formats lists the export formats.
var Formats = []string{FormatCSV, FormatJSON, FormatNDJSON}

// ContentType is the media type of an export format.
func ContentType(format string) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatJSON:
		return "application/json; charset=utf-8"
	default:
		return "application/x-ndjson; charset=utf-8"
	}
}

// CheckFormat validates an export format name.
func CheckFormat(format string) error {
	for _, f := range Formats {
		if f == format {
			return nil
		}
	}
	return bad("format=%q: use csv, json or ndjson", format)
}

// nonWord matches what a file name leaves out; combining marks stay, so
// words in Arabic script with vowel marks, or in Devanagari, stay whole.
var nonWord = regexp.MustCompile(`[^\p{L}\p{M}\p{N}]+`)

// maxSlug bounds the query part of an export's file name, in bytes.
const maxSlug = 80

// FileName is a sensible name for the export of q, e.g.
// newsarchive-summit-person-sergei-lavrov-2025-11-26.csv: letters, marks,
// digits and dashes (any script), the query part cut at maxSlug bytes on a
// character boundary. The web layer encodes it for Content-Disposition.
func FileName(q Query, format string, now time.Time) string {
	parts := []string{"newsarchive"}
	if q.Text != "" {
		parts = append(parts, q.Text)
	}
	filters := q.Filters()
	for _, name := range append(slices.Clone(facets.Fields), "from", "to") {
		for _, v := range filters[name] {
			parts = append(parts, name, v)
		}
	}
	slug := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(strings.Join(parts, "-")), "-"), "-")
	if len(slug) > maxSlug {
		cut := maxSlug
		for cut > 0 && !utf8.RuneStart(slug[cut]) {
			cut--
		}
		slug = strings.TrimRight(slug[:cut], "-")
	}
	return slug + "-" + now.Format("2006-01-02") + "." + format
}

// ExportMeta says how an export was made (the "meta" of the JSON format).
type ExportMeta struct {
	Query        string              `json:"query"`
	Filters      map[string][]string `json:"filters"`
	Order        string              `json:"order"`
	Total        int                 `json:"total"`
	ExportedAt   time.Time           `json:"exported_at"`
	IndexVersion int                 `json:"index_version"`
}

// CSVHeader is the header row of CSV exports.
//
// A CSV export starts with a UTF-8 byte order mark (CSVBOM) before the
// header: Excel opens a CSV file as the system's legacy code page unless
// it starts with one, which turns every Cyrillic or Arabic-script title of
// a mixed archive into mojibake; LibreOffice, Numbers, Google Sheets,
// pandas, readr and Python's "utf-8-sig" read past it. A script reading the
// file as plain UTF-8 (Go's encoding/csv, Python's "utf-8") sees it at the
// start of the first header cell, "\ufeffid".
var CSVHeader = []string{"id", "url", "title", "published", "section", "authors", "people", "countries", "dates", "lead"}

// CSVBOM is the UTF-8 byte order mark a CSV export starts with.
const CSVBOM = "\ufeff"

const exportBatch = 500

// Export writes every article matching q to w in format, in batches, newest
// first (oldest first with sort=oldest), calling flush after each batch. It
// stops when ctx is done (a client went away). It returns how many articles
// it wrote.
func (e *Engine) Export(ctx context.Context, q Query, format string, w io.Writer, flush func()) (int, error) {
	if err := CheckFormat(format); err != nil {
		return 0, err
	}
	p, err := prepare(q)
	if err != nil {
		return 0, err
	}
	text, err := e.matchText(ctx, p, 0)
	if err != nil {
		return 0, err
	}
	var docs []uint32
	err = e.Index.Facets().Read(func(v *facets.View) error {
		set, _ := resolve(v, p, text)
		// Only the document numbers are held: 4 bytes an article.
		docs = v.Page(set, q.Sort == SortOldest, 0, int(set.GetCardinality()))
		return nil
	})
	if err != nil {
		return 0, err
	}
	order := SortNewest
	if q.Sort == SortOldest {
		order = SortOldest
	}
	meta := ExportMeta{Query: q.Text, Filters: q.Filters(), Order: order, Total: len(docs),
		ExportedAt: time.Now().UTC().Truncate(time.Second), IndexVersion: indexer.MappingVersion}
	bw := bufio.NewWriterSize(w, 64*1024)
	out := newExportWriter(format, bw, meta)
	if err := out.begin(); err != nil {
		return 0, err
	}
	written := 0
	for len(docs) > 0 {
		if err := ctx.Err(); err != nil {
			return written, fmt.Errorf("export stopped after %d articles: %w", written, err)
		}
		batch := docs[:min(exportBatch, len(docs))]
		docs = docs[len(batch):]
		arts, err := e.Archive.ArticlesByDoc(ctx, batch)
		if err != nil {
			return written, err
		}
		for _, a := range arts {
			if a == nil {
				continue
			}
			if err := out.write(a); err != nil {
				return written, fmt.Errorf("export: %w", err)
			}
			written++
		}
		if err := bw.Flush(); err != nil {
			return written, fmt.Errorf("export: %w", err)
		}
		if flush != nil {
			flush()
		}
	}
	if err := out.end(); err != nil {
		return written, err
	}
	if err := bw.Flush(); err != nil {
		return written, fmt.Errorf("export: %w", err)
	}
	if flush != nil {
		flush()
	}
	return written, nil
}

type exportWriter interface {
	begin() error
	write(a *article.Article) error
	end() error
}

func newExportWriter(format string, w io.Writer, meta ExportMeta) exportWriter {
	switch format {
	case FormatCSV:
		return &csvWriter{out: w, w: csv.NewWriter(w)}
	case FormatJSON:
		return &jsonWriter{w: w, meta: meta}
	default:
		return &ndjsonWriter{enc: json.NewEncoder(w)}
	}
}

type csvWriter struct {
	out io.Writer // under w, for the byte order mark
	w   *csv.Writer
}

func (c *csvWriter) begin() error {
	if _, err := io.WriteString(c.out, CSVBOM); err != nil {
		return err
	}
	return c.w.Write(CSVHeader)
}

func (c *csvWriter) write(a *article.Article) error {
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.UTC().Format(time.RFC3339)
	}
	row := []string{a.ID, a.URL, a.Title, pub, a.Section, strings.Join(a.Authors, "; "),
		strings.Join(a.People, "; "), strings.Join(a.Countries, "; "), strings.Join(a.Dates, "; "), a.Lead}
	for i := range row {
		row[i] = SafeCell(row[i])
	}
	return c.w.Write(row)
}

func (c *csvWriter) end() error {
	c.w.Flush()
	return c.w.Error()
}

// SafeCell neutralises a CSV cell that a spreadsheet would run as a formula
// (starting with =, +, -, @, a tab or a carriage return) by prefixing a
// quote mark, as OWASP recommends. Leading spaces and invisible characters
// do not hide a formula (an import that trims them would run it), nor do
// the full-width forms of the signs.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return "'" + s
	}
	switch r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff")); r {
	case '=', '+', '-', '@', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}

type jsonWriter struct {
	w    io.Writer
	meta ExportMeta
	n    int
}

func (j *jsonWriter) begin() error {
	m, err := json.Marshal(j.meta)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(j.w, "{\"meta\":%s,\"articles\":[", m)
	return err
}

func (j *jsonWriter) write(a *article.Article) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "\n"
	}
	j.n++
	if _, err := io.WriteString(j.w, sep); err != nil {
		return err
	}
	_, err = j.w.Write(b)
	return err
}

func (j *jsonWriter) end() error {
	_, err := io.WriteString(j.w, "\n]}\n")
	return err
}

type ndjsonWriter struct{ enc *json.Encoder }

func (n *ndjsonWriter) begin() error                   { return nil }
func (n *ndjsonWriter) write(a *article.Article) error { return n.enc.Encode(a) }
func (n *ndjsonWriter) end() error                     { return nil }
