package discover

import (
	"bufio"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Limits of one sitemap file. The sitemap protocol allows 50,000 URLs and
// 50 MB uncompressed; Pangea chunks hold up to 20,000.
const (
	MaxSitemapEntries       = 50_000
	MaxSitemapBytes   int64 = 64 << 20 // decoded, i.e. after gunzip
)

// Sitemap kinds: the root element of the file.
const (
	KindIndex  = "sitemapindex"
	KindURLSet = "urlset"
)

// Errors of a sitemap that was read only in part; the entries before the
// fault are returned with them.
var (
	ErrTooManyEntries = errors.New("too many entries")
	ErrSitemapTooBig  = errors.New("sitemap too large")
	ErrNotSitemap     = errors.New("not a sitemap")
)

// Sitemap is one parsed sitemap file: an index of other sitemaps, or a set
// of page URLs.
type Sitemap struct {
	Kind     string       // KindIndex or KindURLSet ("" if the root was never read)
	Sitemaps []SitemapRef // entries of an index, in file order
	URLs     []URLEntry   // entries of a urlset, in file order
	// Invalid counts entries dropped for having no <loc>; BadDates counts
	// entries kept without a date because theirs was unreadable.
	Invalid, BadDates int
}

// SitemapRef is one <sitemap> of a sitemap index.
type SitemapRef struct {
	Loc     string
	LastMod time.Time // zero if absent
}

// URLEntry is one <url> of a urlset, with the Google News extension's
// fields when present.
type URLEntry struct {
	Loc       string
	LastMod   time.Time // <lastmod>, zero if absent
	Published time.Time // <news:publication_date>
	Title     string    // <news:title>
	Language  string    // <news:publication><news:language>
}

// Limits bound what ParseSitemapLimited reads.
type Limits struct {
	MaxEntries int   // 0 → MaxSitemapEntries
	MaxBytes   int64 // decoded bytes; 0 → MaxSitemapBytes
}

// ParseSitemap reads a sitemap index or urlset, plain or gzip-compressed
// (recognised by its magic bytes, whatever the file is called), with the
// default limits. On invalid or truncated XML or gzip, or past a limit, it
// returns the entries read before the fault together with the error.
func ParseSitemap(r io.Reader) (*Sitemap, error) {
	return ParseSitemapLimited(r, Limits{})
}

// ParseSitemapLimited is ParseSitemap with explicit limits.
func ParseSitemapLimited(r io.Reader, lim Limits) (*Sitemap, error) {
	if lim.MaxEntries <= 0 {
		lim.MaxEntries = MaxSitemapEntries
	}
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = MaxSitemapBytes
	}
	sm := &Sitemap{}
	br := bufio.NewReader(r)
	var src io.Reader = br
	gzipped := false
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return sm, fmt.Errorf("sitemap: gzip: %w", err)
		}
		src, gzipped = zr, true
	}
	capped := &cappedReader{r: src, left: lim.MaxBytes, limit: lim.MaxBytes}
	dec := xml.NewDecoder(capped)
	dec.CharsetReader = charset.NewReaderLabel
	if err := sm.decode(dec, lim.MaxEntries); err != nil {
		return sm, fmt.Errorf("sitemap: %w", err)
	}
	if gzipped {
		// The XML is complete; a gzip stream cut before its checksum is
		// still a damaged file worth reporting.
		if _, err := io.Copy(io.Discard, capped); err != nil {
			return sm, fmt.Errorf("sitemap: %w", readError(err))
		}
	}
	return sm, nil
}

// xmlURL and xmlSitemap are what one entry decodes into. Tags without a
// namespace match the element whatever its prefix (news:title is "title").
type xmlURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Publication struct {
			Language string `xml:"language"`
		} `xml:"publication"`
		PublicationDate string `xml:"publication_date"`
		Title           string `xml:"title"`
	} `xml:"news"`
}

type xmlSitemap struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

// decode walks the root's children one entry at a time, keeping every entry
// decoded before an error.
func (sm *Sitemap) decode(dec *xml.Decoder, maxEntries int) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if sm.Kind == "" {
				return fmt.Errorf("%w: empty document", ErrNotSitemap)
			}
			return nil
		}
		if err != nil {
			return readError(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if el.Name.Local != KindIndex && el.Name.Local != KindURLSet {
					return fmt.Errorf("%w: root element <%s>", ErrNotSitemap, el.Name.Local)
				}
				sm.Kind = el.Name.Local
				depth++
				continue
			}
			if sm.entries() >= maxEntries {
				return fmt.Errorf("%w: more than %d; kept the first %d", ErrTooManyEntries, maxEntries, maxEntries)
			}
			switch {
			case sm.Kind == KindURLSet && el.Name.Local == "url":
				var u xmlURL
				if err := dec.DecodeElement(&u, &el); err != nil {
					return readError(err)
				}
				sm.addURL(u)
			case sm.Kind == KindIndex && el.Name.Local == "sitemap":
				var s xmlSitemap
				if err := dec.DecodeElement(&s, &el); err != nil {
					return readError(err)
				}
				sm.addSitemap(s)
			default:
				if err := dec.Skip(); err != nil {
					return readError(err)
				}
			}
		case xml.EndElement:
			// The root closed: the document is complete; ignore what follows.
			return nil
		}
	}
}

func (sm *Sitemap) entries() int { return len(sm.URLs) + len(sm.Sitemaps) }

func (sm *Sitemap) addURL(u xmlURL) {
	loc := strings.TrimSpace(u.Loc)
	if loc == "" {
		sm.Invalid++
		return
	}
	e := URLEntry{
		Loc:      loc,
		Title:    strings.TrimSpace(u.News.Title),
		Language: strings.TrimSpace(u.News.Publication.Language),
	}
	var ok1, ok2 bool
	e.LastMod, ok1 = parseDate(u.LastMod)
	e.Published, ok2 = parseDate(u.News.PublicationDate)
	if !ok1 || !ok2 {
		sm.BadDates++
	}
	sm.URLs = append(sm.URLs, e)
}

func (sm *Sitemap) addSitemap(s xmlSitemap) {
	loc := strings.TrimSpace(s.Loc)
	if loc == "" {
		sm.Invalid++
		return
	}
	lm, ok := parseDate(s.LastMod)
	if !ok {
		sm.BadDates++
	}
	sm.Sitemaps = append(sm.Sitemaps, SitemapRef{Loc: loc, LastMod: lm})
}

// readError names a reading fault in the user's terms.
func readError(err error) error {
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, ErrSitemapTooBig):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, gzip.ErrChecksum):
		return fmt.Errorf("truncated or corrupt gzip: %w", err)
	case errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("corrupt gzip: %w", err)
	case errors.As(err, &se) && se.Msg == "unexpected EOF":
		return fmt.Errorf("truncated XML at line %d", se.Line)
	case errors.As(err, &se):
		return fmt.Errorf("invalid XML at line %d: %s", se.Line, se.Msg)
	}
	return err
}

// cappedReader fails with ErrSitemapTooBig once more than left bytes have
// been read (a gzip bomb stops here).
type cappedReader struct {
	r           io.Reader
	left, limit int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrSitemapTooBig
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, fmt.Errorf("%w: more than %d bytes decoded", ErrSitemapTooBig, c.limit)
	}
	return n, err
}
