package web

import (
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsarchive/search"
)

var fallbackParam = regexp.MustCompile(`^attachment; filename="([^"\\]*)"; filename\*=UTF-8''[!#$&+\-.^_` + "`" + `|~0-9A-Za-z%]+$`)

// checkDisposition checks a Content-Disposition header: printable ASCII
// only, the form attachment; filename="ascii"; filename*=UTF-8”..., and
// that it carries the names wanted.
func checkDisposition(t *testing.T, cd, wantName, wantASCII string) {
	t.Helper()
	for i := 0; i < len(cd); i++ {
		if cd[i] < 0x20 || cd[i] > 0x7e {
			t.Fatalf("byte %#x in %q", cd[i], cd)
		}
	}
	m := fallbackParam.FindStringSubmatch(cd)
	if m == nil {
		t.Fatalf("%q is not attachment; filename=\"…\"; filename*=UTF-8''…", cd)
	}
	if wantASCII != "" && m[1] != wantASCII {
		t.Errorf("filename=%q, want %q", m[1], wantASCII)
	}
	// mime.ParseMediaType decodes filename* (RFC 2231) and prefers it.
	typ, params, err := mime.ParseMediaType(cd)
	if err != nil || typ != "attachment" {
		t.Fatalf("ParseMediaType(%q) = %q, %v", cd, typ, err)
	}
	if params["filename"] != wantName {
		t.Errorf("filename* = %q, want %q", params["filename"], wantName)
	}
}

func TestAttachmentHeader(t *testing.T) {
	tests := []struct {
		name, in, utf8, ascii string
	}{
		{"ascii", "newsarchive-summit-2025-11-26.csv", "newsarchive-summit-2025-11-26.csv", "newsarchive-summit-2025-11-26.csv"},
		{"cyrillic", "newsarchive-путин-кремль-2025-11-26.csv", "newsarchive-путин-кремль-2025-11-26.csv", "newsarchive-2025-11-26.csv"},
		{"arabic script with marks", "newsarchive-مُحَمَّد-ایران-2025-11-26.json", "newsarchive-مُحَمَّد-ایران-2025-11-26.json", "newsarchive-2025-11-26.json"},
		{"all non-ascii", "путин.csv", "путин.csv", "download.csv"},
		{"quotes and backslashes", `a"b\c"; filename="x.exe.csv`, "a-b-c-; filename=-x.exe.csv", "a-b-c-; filename=-x.exe.csv"},
		{"control characters", "a\r\nSet-Cookie: x=1\x00\x7f.csv", "a-Set-Cookie- x=1-.csv", "a-Set-Cookie- x=1.csv"},
		{"right-to-left override", "report\u202Evsc.exe", "reportvsc.exe", "reportvsc.exe"},
		{"percent and path", "../100%/x.csv", "100%-x.csv", "100-x.csv"},
		{"invalid utf-8", "a\xff\xfeb.csv", "a-b.csv", "a-b.csv"},
		{"empty", "", "download", "download"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkDisposition(t, attachment(tc.in), tc.utf8, tc.ascii)
		})
	}
}

// An export's file name is whole UTF-8 however long the query, and keeps
// the words of any script (marks included).
func TestExportFileName(t *testing.T) {
	now := time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		q    search.Query
		has  string
	}{
		{"long cyrillic query cut on a character", search.Query{Text: "а" + strings.Repeat(" путин", 30)}, "newsarchive-а-путин-"},
		{"odd cut in a two-byte letter", search.Query{Text: "x" + strings.Repeat("ж", 60)}, "newsarchive-xжжж"},
		{"three-byte letters", search.Query{Text: strings.Repeat("ह", 60)}, "newsarchive-हह"},
		{"arabic with vowel marks", search.Query{Text: "مُحَمَّد"}, "newsarchive-مُحَمَّد-2025-11-26.csv"},
		{"devanagari vowel signs", search.Query{Text: "मोदी"}, "newsarchive-मोदी-2025-11-26.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := search.FileName(tc.q, "csv", now)
			if !utf8.ValidString(got) || !strings.Contains(got, tc.has) || !strings.HasSuffix(got, "-2025-11-26.csv") {
				t.Errorf("FileName = %q (valid UTF-8: %v), want it to hold %q", got, utf8.ValidString(got), tc.has)
			}
			if slug := strings.TrimSuffix(got, "-2025-11-26.csv"); len(slug) > 80 {
				t.Errorf("the query part is %d bytes, over 80", len(slug))
			}
		})
	}
}

// GET /api/export with a Cyrillic and an Arabic-script query: the
// Content-Disposition decodes to the whole name.
func TestExportDisposition(t *testing.T) {
	e := newUIEnv(t)
	for _, q := range []string{"путин", "ایران", `"quoted\\"`} {
		t.Run(q, func(t *testing.T) {
			resp, err := http.Get(e.http.URL + "/api/export?format=ndjson&q=" + url.QueryEscape(q))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			want := search.FileName(search.Query{Text: q}, "ndjson", time.Now())
			checkDisposition(t, resp.Header.Get("Content-Disposition"), want, "")
		})
	}
}
