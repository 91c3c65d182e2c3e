package entities

import (
	"strings"
	"testing"
	"unicode"
)

// TestFoldCyrillic checks the fast Cyrillic path of fold against the general one.
func TestFoldCyrillic(t *testing.T) {
	slow := func(s string) string {
		return strings.Map(func(r rune) rune {
			r = unicode.ToLower(r)
			if r == 'ё' {
				r = 'е'
			}
			return r
		}, s)
	}
	var all []rune
	for r := rune(0x400); r <= 0x45f; r++ {
		all = append(all, r)
	}
	for _, w := range []string{"Путин", "ПУТИН", "Ёлка", "ёжик", "Їжак", "Ґанок", "Євгенія", "Ѐѓ", "кремль-2", "путин", string(all)} {
		if got, ok := foldCyrillic(w); ok && got != slow(w) {
			t.Errorf("foldCyrillic(%q) = %q, %v; want %q", w, got, ok, slow(w))
		}
		if fold(w) != slow(w) {
			t.Errorf("fold(%q) = %q, want %q", w, fold(w), slow(w))
		}
	}
	if _, ok := foldCyrillic("ПутинS"); ok {
		t.Error("a Latin capital inside took the fast path")
	}
	if _, ok := foldCyrillic("Путин"); !ok {
		t.Error("a basic Cyrillic word did not take the fast path")
	}
}
