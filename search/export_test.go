package search

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"newsarchive/article"
)

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Sergei Lavrov", "Sergei Lavrov"},
		{"2025-10-20", "2025-10-20"},
		{"=1+1", "'=1+1"},
		{"+SUM(1,2)", "'+SUM(1,2)"},
		{"-2+3", "'-2+3"},
		{"@cmd", "'@cmd"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"  =1+1", "'  =1+1"},
		{"\u00a0=1+1", "'\u00a0=1+1"},
		{"\u200b=1+1", "'\u200b=1+1"},
		{"\ufeff@x", "'\ufeff@x"},
		{"\n=1", "'\n=1"},
		{"＝1+1", "'＝1+1"},
		{"＋1", "'＋1"},
		{"a=1", "a=1"},
		{"   ", "   "},
		{"café = bar", "café = bar"},
	}
	for _, tc := range tests {
		if got := SafeCell(tc.in); got != tc.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A CSV export of a mixed archive opens in a spreadsheet: a UTF-8 byte
// order mark first (Excel reads the file as UTF-8 only with it), then the
// header and one row per article, Cyrillic and Arabic-script text intact,
// lists joined with "; ".
func TestCSVMixedScripts(t *testing.T) {
	pub := time.Date(2025, 11, 3, 8, 30, 0, 0, time.UTC)
	arts := []*article.Article{
		{ID: "33600001", URL: "https://www.svoboda.org/a/33600001.html", Language: "ru",
			Title: "Лавров встретился с Рубио в Будапеште", Published: pub, Section: "Новости",
			Authors: []string{"Анна Петрова", "Игорь Смирнов"}, People: []string{"Sergei Lavrov", "Marco Rubio"},
			Countries: []string{"Hungary", "Russia", "United States"}, Dates: []string{"2025-11-02"},
			Lead: "Министр иностранных дел России Сергей Лавров заявил, что «диалог возможен»."},
		{ID: "33600002", URL: "https://www.radiosvoboda.org/a/33600002.html", Language: "uk",
			Title: "Сибіга: Україна чекає на рішення ЄС", Published: pub.Add(time.Hour), Section: "Новини",
			People: []string{"Andriy Sybiha"}, Countries: []string{"Ukraine"}, Lead: "Міністр закордонних справ України Андрій Сибіга."},
		{ID: "33600003", URL: "https://www.darivoa.com/a/33600003.html", Language: "fa",
			Title: "نشست کابل درباره آب‌های مرزی", Published: pub.Add(2 * time.Hour), Section: "افغانستان",
			Authors: []string{"صدای امریکا"}, Countries: []string{"Afghanistan", "Iran"}, Dates: []string{"2025-11-01", "2025-11-02"},
			Lead: "مقام‌های طالبان می‌گویند که گفت‌وگوها «سازنده» بوده است."},
		{ID: "33600004", Title: "=نشست", Lead: "-Украина"}, // a formula in any script is still neutralised
	}
	var buf bytes.Buffer
	w := newExportWriter(FormatCSV, &buf, ExportMeta{})
	if err := w.begin(); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if err := w.write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.end(); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("the export does not start with the UTF-8 byte order mark: % x", out[:min(8, len(out))])
	}
	if bytes.Count(out, []byte(CSVBOM)) != 1 {
		t.Errorf("the byte order mark appears %d times", bytes.Count(out, []byte(CSVBOM)))
	}
	if !utf8.Valid(out) {
		t.Fatal("the export is not valid UTF-8")
	}
	rows, err := csv.NewReader(bytes.NewReader(out[len(CSVBOM):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(arts) || !slices.Equal(rows[0], CSVHeader) {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	want := [][]string{
		{"33600001", "https://www.svoboda.org/a/33600001.html", "Лавров встретился с Рубио в Будапеште", "2025-11-03T08:30:00Z", "Новости",
			"Анна Петрова; Игорь Смирнов", "Sergei Lavrov; Marco Rubio", "Hungary; Russia; United States", "2025-11-02",
			"Министр иностранных дел России Сергей Лавров заявил, что «диалог возможен»."},
		{"33600002", "https://www.radiosvoboda.org/a/33600002.html", "Сибіга: Україна чекає на рішення ЄС", "2025-11-03T09:30:00Z", "Новини",
			"", "Andriy Sybiha", "Ukraine", "", "Міністр закордонних справ України Андрій Сибіга."},
		{"33600003", "https://www.darivoa.com/a/33600003.html", "نشست کابل درباره آب‌های مرزی", "2025-11-03T10:30:00Z", "افغانستان",
			"صدای امریکا", "", "Afghanistan; Iran", "2025-11-01; 2025-11-02", "مقام‌های طالبان می‌گویند که گفت‌وگوها «سازنده» بوده است."},
		{"33600004", "", "'=نشست", "", "", "", "", "", "", "'-Украина"},
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, rows[i+1], w)
		}
	}
	// A reader that does not know the mark sees it in the first header
	// cell only; no other cell changes.
	plain, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || plain[0][0] != CSVBOM+"id" || !slices.EqualFunc(plain[1:], rows[1:], slices.Equal[[]string]) {
		t.Errorf("read without stripping the mark: first cell %q, %v", plain[0][0], err)
	}
}
