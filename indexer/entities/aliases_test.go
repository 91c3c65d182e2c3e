package entities

import (
	"fmt"
	"strings"
	"testing"
)

// TestBuiltinAliases checks the embedded alias tables: each line parses, no variant names two
// people (in one table or across tables), and no surname-only variant is a common word or a
// first name, which would turn every such word into that person.
func TestBuiltinAliases(t *testing.T) {
	e := newExtractor(t)
	names, err := builtinAliases()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 1 || names[0] != "data/aliases.txt" {
		t.Fatalf("built-in tables %q: want data/aliases.txt first", names)
	}
	seen := map[string]string{} // key → "target (file:line)"
	people := map[string]bool{}
	for _, name := range names {
		line := 0
		f, err := dataFS.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		err = scanLines(f, func(l string) error {
			line++
			lhs, rhs, err := parseAlias(l)
			if err != nil || len(strings.Fields(rhs)) < 2 {
				return fmt.Errorf("%s: line %q: want \"variant = Full Name\"", name, l)
			}
			words := strings.Fields(lhs)
			var key string
			if isCyrillic(lhs) {
				key = "cyr:" + cyrVariantKey(lhs)
				if len(words) == 1 {
					low := fold(lhs)
					if _, ok := e.t.cyr.firstName[low]; ok {
						t.Errorf("%s: surname-only variant %q is a first name", name, lhs)
					}
				}
			} else {
				key = "lat:" + variantKey(lhs)
				if len(words) == 1 {
					if _, ok := e.t.common[fold(lhs)]; ok && !strings.EqualFold(lhs, strings.Fields(rhs)[len(strings.Fields(rhs))-1]) {
						t.Errorf("%s: surname-only variant %q is a common word", name, lhs)
					}
				}
			}
			if prev, ok := seen[key]; ok && !strings.HasPrefix(prev, rhs+" (") {
				t.Errorf("%s: %q = %s, but already %s", name, lhs, rhs, prev)
			}
			seen[key] = fmt.Sprintf("%s (%s)", rhs, name)
			people[rhs] = true
			return nil
		})
		f.Close()
		if err != nil {
			t.Error(err)
		}
	}
	t.Logf("%d variants of %d people in %d tables", len(seen), len(people), len(names))
}
