package entities

import (
	"strings"
	"sync"
)

// Canon canonicalises person names across documents at index time: the indexer Learns every
// full name it indexes, and Resolve maps a surname-only or variant mention to the unique full name
// the archive uses for it. Ambiguous or unknown names stay as they are. Safe for concurrent use.
type Canon struct {
	e  *Extractor
	mu sync.RWMutex
	// full: variant key of a full name → spellings seen and how often
	full map[string]map[string]int
	// surname: variant key of a surname → variant keys of the full names that end in it
	surname map[string]map[string]bool
}

// NewCanon returns an empty Canon that uses e's alias table for names it has not learned.
func NewCanon(e *Extractor) *Canon {
	return &Canon{e: e, full: map[string]map[string]int{}, surname: map[string]map[string]bool{}}
}

// Learn records a full person name ("Sergei Lavrov") as used by the archive. Single words are
// ignored: they are what Resolve resolves.
func (c *Canon) Learn(fullName string) {
	words := strings.Fields(fullName)
	if len(words) < 2 {
		return
	}
	name := strings.Join(words, " ")
	fk := fullKey(words)
	c.mu.Lock()
	defer c.mu.Unlock()
	spell := c.full[fk]
	if spell == nil {
		spell = map[string]int{}
		c.full[fk] = spell
	}
	spell[name]++
	for _, sk := range surnameKeys(words) {
		set := c.surname[sk]
		if set == nil {
			set = map[string]bool{}
			c.surname[sk] = set
		}
		set[fk] = true
	}
}

// Knows says whether the archive has learned this full name, in any of its spellings.
func (c *Canon) Knows(fullName string) bool {
	words := strings.Fields(fullName)
	if len(words) < 2 {
		return false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.full[fullKey(words)]
	return ok
}

// fullKey is the variant key of a full name by its first and last words, so that a middle name or
// a transliteration variant joins the same person.
func fullKey(words []string) string {
	return variantKey(firstPart(words[0])) + "|" + variantKey(words[len(words)-1])
}

// Resolve returns the archive's full name for name: a full name in the archive's most used
// spelling (also when the archive writes its first name in another language: Igor/Ihar Losik),
// a surname-only mention as the unique full name learned with that surname (else the
// alias table's), and anything ambiguous or unknown unchanged.
func (c *Canon) Resolve(name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return name
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if len(words) >= 2 {
		if spell, ok := c.full[fullKey(words)]; ok {
			return mostUsed(spell)
		}
		return c.otherSpelling(words, name)
	}
	if set := c.surname[variantKey(words[0])]; len(set) == 1 {
		for fk := range set {
			return mostUsed(c.full[fk])
		}
	} else if len(set) > 1 {
		return name
	}
	if c.e != nil {
		if full, ok := c.e.aliasFor(words[0]); ok {
			if spell, ok := c.full[fullKey(strings.Fields(full))]; ok {
				return mostUsed(spell)
			}
			return full
		}
	}
	return name
}

// otherSpelling resolves a full name the archive knows under the same surname and the same first
// name in another language's spelling (Igor Losik, romanized from a Russian text, is the Ihar
// Losik of the English articles; firstnames.equiv.txt): one such person, else name unchanged.
// Needs c.mu held.
func (c *Canon) otherSpelling(words []string, name string) string {
	if c.e == nil {
		return name
	}
	first := variantKey(firstPart(words[0]))
	found := ""
	for fk := range c.surname[variantKey(words[len(words)-1])] {
		known, _, _ := strings.Cut(fk, "|")
		if !c.e.t.cyr.sameFirstName(first, known) {
			continue
		}
		if found != "" && found != fk {
			return name // two people
		}
		found = fk
	}
	if found == "" {
		return name
	}
	return mostUsed(c.full[found])
}

func mostUsed(spell map[string]int) string {
	best, n := "", -1
	for s, k := range spell {
		if k > n || k == n && s < best {
			best, n = s, k
		}
	}
	return best
}
