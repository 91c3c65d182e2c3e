package entities

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract checks that no input makes Extract panic or give an invalid answer: lists sorted,
// without duplicates, valid UTF-8, never null in JSON, dates in YYYY-MM-DD form.
// Seeds: testdata/fuzz/FuzzExtract plus the ones added here.
func FuzzExtract(f *testing.F) {
	e, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"",
		"Russian Foreign Minister Sergei Lavrov said on October 21 that Moscow and Washington agreed.",
		"ZELENSKYY SAYS KYIV READY",
		"Putin’s ‘plan’ — “August 22–24”, 21.10.2025, 2025-13-45, Oct. 32",
		"Удар был нанесен 13 апреля 2025 года по Сумам, заявили в России.",
		"al- bin von der [ ] Mr. Dr. U.S. RFE/RL 's ’s",
		"Шайлоо 2024-жылдын 17-ноябрында. 5-mart kuni. 12 майи соли. А.Лукашенко, им. Сахарова, Абдул Вахид Рахими",
		"в следующий понедельник состоится; у середу розглядатиме; Ренат Зуфарович; Інні Завгородній; Страсбурзі",
	} {
		f.Add(s, int64(1761091200)) // 2025-10-22
	}
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		var pub time.Time
		if unix%3 != 0 {
			pub = time.Unix(unix%(200*365*86400), 0).UTC()
		}
		got := e.Extract(text, pub)
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "null") {
			t.Fatalf("null list: %s", b)
		}
		for _, list := range [][]string{got.People, got.Countries, got.Dates} {
			for i, v := range list {
				if !utf8.ValidString(v) || v == "" {
					t.Fatalf("bad value %q", v)
				}
				if i > 0 && list[i-1] >= v {
					t.Fatalf("not sorted or duplicated: %q", list)
				}
			}
		}
		for _, d := range got.Dates {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				t.Fatalf("bad date %q", d)
			}
		}
		for _, c := range got.Countries {
			if CountryCode(c) == "" {
				t.Fatalf("country %q has no code", c)
			}
		}
	})
}
