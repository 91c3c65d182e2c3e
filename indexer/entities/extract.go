package entities

import (
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxTextBytes is how much of a text Extract reads; the rest of a longer text is ignored.
const MaxTextBytes = 1 << 20

// Entities is what Extract returns: sorted, de-duplicated, never nil, so JSON prints [].
type Entities struct {
	People    []string `json:"people"`
	Countries []string `json:"countries"` // canonical English short names ("United States", "Russia")
	Dates     []string `json:"dates"`     // YYYY-MM-DD
}

// Result is ExtractDetailed's answer: the entities and what was done to the input.
type Result struct {
	Entities
	// Truncated is set when the text was longer than MaxTextBytes and only its beginning was read.
	Truncated bool `json:"truncated,omitempty"`
	// ReadBytes is how many bytes of the text were read.
	ReadBytes int `json:"-"`
}

// Note is a one-line human note about the input ("" when there is nothing to say).
func (r Result) Note() string {
	if r.Truncated {
		return fmt.Sprintf("text longer than %d bytes: only the first %d bytes were read", MaxTextBytes, r.ReadBytes)
	}
	return ""
}

// Extractor finds people, countries and dates in news text. Build it with New; it is safe for
// concurrent use.
type Extractor struct {
	t *tables

	mu         sync.RWMutex
	alias      map[string]string // variant key of any alias → canonical full name
	aliasMulti map[string]string // variant key of a multi-word alias → canonical full name
	cyrAlias   map[string]string // nameKey of a Cyrillic alias (words joined by spaces) → canonical full name

	pool sync.Pool // *[]token buffers

	romanKeys  sync.Map     // lang + "\x00" + word → variant keys of its romanized nominatives ([]string)
	romanCount atomic.Int64 // entries in romanKeys, capped at maxRomanCache
}

// maxPooledTokens caps the token buffers kept for reuse, so that one huge text does not pin its
// buffer in memory.
const maxPooledTokens = 1 << 15

// sharedTables loads the embedded tables once per process; they are read-only.
var sharedTables = sync.OnceValues(loadTables)

// New loads the embedded tables and the built-in alias table.
func New() (*Extractor, error) {
	t, err := sharedTables()
	if err != nil {
		return nil, fmt.Errorf("load entity tables: %w", err)
	}
	e := &Extractor{t: t, alias: map[string]string{}, aliasMulti: map[string]string{}, cyrAlias: map[string]string{}}
	if err := e.loadBuiltinAliases(); err != nil {
		return nil, err
	}
	e.pool.New = func() any { s := make([]token, 0, 1024); return &s }
	return e, nil
}

// parseAlias splits an alias line "variant = Canonical Name".
func parseAlias(line string) (variant, canonical string, err error) {
	lhs, rhs, ok := strings.Cut(line, "=")
	lhs, rhs = strings.TrimSpace(lhs), strings.Join(strings.Fields(rhs), " ")
	if !ok || lhs == "" || rhs == "" {
		return "", "", fmt.Errorf("alias line %q: want \"variant = Canonical Name\"", line)
	}
	return lhs, rhs, nil
}

// cyrVariantKey is the key of a Cyrillic alias variant: the nameKey of each word, so that every
// case form matches (Путина, Путіну).
func cyrVariantKey(variant string) string {
	words := strings.Fields(variant)
	for i, w := range words {
		words[i] = nameKey(w)
	}
	return strings.Join(words, " ")
}

// builtinAliases lists the embedded alias tables: aliases.txt, then the regional ones
// (aliases.<region>.txt) in name order. A variant in two tables is an error (see TestBuiltinAliases).
func builtinAliases() ([]string, error) {
	names, err := fs.Glob(dataFS, "data/aliases.*.txt")
	if err != nil {
		return nil, fmt.Errorf("list built-in aliases: %w", err)
	}
	sort.Strings(names)
	return append([]string{"data/aliases.txt"}, names...), nil
}

// loadBuiltinAliases loads every embedded alias table.
func (e *Extractor) loadBuiltinAliases() error {
	names, err := builtinAliases()
	if err != nil {
		return err
	}
	for _, name := range names {
		f, err := dataFS.Open(name)
		if err != nil {
			return fmt.Errorf("open built-in aliases %s: %w", name, err)
		}
		err = e.LoadAliases(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("built-in aliases %s: %w", name, err)
		}
	}
	return nil
}

// LoadAliases reads an alias table ("Zelenskiy = Volodymyr Zelenskyy", one a line; see the package
// doc) and adds it to the extractor's aliases. Later lines win over earlier ones.
func (e *Extractor) LoadAliases(r io.Reader) error {
	alias, full, cyr := map[string]string{}, map[string]string{}, map[string]string{}
	err := scanLines(r, func(line string) error {
		lhs, rhs, err := parseAlias(line)
		if err != nil {
			return err
		}
		if isCyrillic(lhs) {
			// any case form of a Cyrillic variant: Путина, Путіну
			keys := strings.Fields(cyrVariantKey(lhs))
			cyr[strings.Join(keys, " ")] = rhs
			if len(keys) > 2 {
				cyr[keys[0]+" "+keys[len(keys)-1]] = rhs // a full name is matched by its first and last word
			}
			return nil
		}
		k := variantKey(lhs)
		alias[k] = rhs
		if len(strings.Fields(lhs)) > 1 {
			full[k] = rhs
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for k, v := range alias {
		e.alias[k] = v
	}
	for k, v := range full {
		e.aliasMulti[k] = v
	}
	for k, v := range cyr {
		e.cyrAlias[k] = v
	}
	return nil
}

// aliasFor returns the canonical name a surname or variant stands for.
func (e *Extractor) aliasFor(word string) (string, bool) {
	return e.aliasKey(variantKey(word))
}

// aliasKey is aliasFor of a variant key.
func (e *Extractor) aliasKey(k string) (string, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	v, ok := e.alias[k]
	return v, ok
}

// cyrAliasKey returns the canonical name of a Cyrillic alias by its nameKey (words joined by spaces).
func (e *Extractor) cyrAliasKey(k string) (string, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	v, ok := e.cyrAlias[k]
	return v, ok
}

// aliasFull returns the canonical name for a full name listed as a multi-word alias.
func (e *Extractor) aliasFull(name string) (string, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	v, ok := e.aliasMulti[variantKey(name)]
	return v, ok
}

// Extract returns the people, countries and dates of a text. published is the publication date
// that resolves missing years and relative days; when it is zero only dates that carry a year are
// returned.
func (e *Extractor) Extract(text string, published time.Time) Entities {
	return e.ExtractDetailed(text, published).Entities
}

// ExtractDetailed is Extract that also says whether the text was cut at MaxTextBytes.
func (e *Extractor) ExtractDetailed(text string, published time.Time) Result {
	var res Result
	if len(text) > MaxTextBytes {
		cut := MaxTextBytes
		for cut > MaxTextBytes-1024 && cut > 0 && text[cut] != ' ' && text[cut] != '\n' {
			cut--
		}
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
		res.Truncated = true
	}
	res.ReadBytes = len(text)
	text = clean(text)
	buf := e.pool.Get().(*[]token)
	toks := tokenize(text, *buf)
	res.People = e.people(toks)
	if cyr := e.cyrPeople(toks); len(cyr) > 0 {
		res.People = mergeSorted(res.People, cyr)
	}
	res.Countries = e.countries(toks)
	res.Dates = e.dates(toks, published)
	if cap(toks) <= maxPooledTokens {
		*buf = toks[:0]
		e.pool.Put(buf)
	}
	return res
}

// clean makes a text safe to read: invalid UTF-8 and control characters become spaces, and lines
// written in capitals (headlines) are rewritten in title case so that names look like names.
func clean(text string) string {
	nonASCII, needs := false, false
	for i := 0; i < len(text) && !needs; {
		c := text[i]
		if c < utf8.RuneSelf {
			needs = c < ' ' && c != '\n' || c == 0x7f
			i++
			continue
		}
		nonASCII = true
		r, size := utf8.DecodeRuneInString(text[i:])
		needs = r == utf8.RuneError && size <= 1 || r == '\u2028' || r == '\u2029' || r == '\u00ad' ||
			r == '\u200b' || r == '\ufeff' || r == '\u00a0' || unicode.IsControl(r)
		i += size
	}
	if needs {
		var b strings.Builder
		b.Grow(len(text))
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				b.WriteByte(' ')
			case r == '\r' || r == '\u2028' || r == '\u2029':
				b.WriteByte('\n')
			case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
				// soft hyphen, zero-width space, BOM: nothing
			case r == '\n':
				b.WriteByte('\n')
			case unicode.IsControl(r) || r == '\u00a0':
				b.WriteByte(' ')
			default:
				b.WriteString(text[i : i+size])
			}
			i += size
		}
		text = b.String()
	}
	if nonASCII || needs {
		text = fixHomoglyphs(text)
	}
	if !hasCapsLine(text) {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if capsLine(l) {
			lines[i] = titleCase(l)
		}
	}
	return strings.Join(lines, "\n")
}

func hasCapsLine(text string) bool {
	for len(text) > 0 {
		l := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if capsLine(l) {
			return true
		}
	}
	return false
}

// capsLine says whether a line is written in capitals: three or more words, nearly no lower case.
func capsLine(l string) bool {
	upper, lower, words := 0, 0, 0
	in := false
	for _, r := range l {
		switch caseOf(r) {
		case 1:
			upper++
		case -1:
			lower++
		}
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') || r >= 0x400 && r <= 0x45f || r >= utf8.RuneSelf && unicode.IsLetter(r) {
			if !in {
				words++
			}
			in = true
		} else {
			in = false
		}
	}
	return words >= 3 && upper >= 8 && lower*10 < upper
}

// keepUpper are abbreviations that stay in capitals when a headline is rewritten.
var keepUpper = map[string]bool{
	"US": true, "U.S.": true, "UK": true, "U.K.": true, "EU": true, "UN": true, "NATO": true, "UAE": true,
	"USA": true, "RFE/RL": true, "VOA": true, "FSB": true, "OSCE": true, "IAEA": true, "ICC": true, "TV": true,
}

// headlineSmall are words a title-cased headline writes in lower case.
var headlineSmall = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "at": true, "to": true, "for": true,
	"and": true, "or": true, "by": true, "with": true, "from": true, "as": true, "is": true, "are": true,
	"says": true, "said": true, "after": true, "over": true, "into": true, "amid": true, "but": true,
}

func titleCase(l string) string {
	var b strings.Builder
	b.Grow(len(l))
	first := true
	for _, w := range strings.SplitAfter(l, " ") {
		word := strings.TrimRight(w, " ")
		core := strings.TrimFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '/' })
		lowCore := strings.ToLower(core)
		switch {
		case keepUpper[core]:
			b.WriteString(w)
		case !first && headlineSmall[lowCore]:
			b.WriteString(strings.ToLower(w))
		default:
			rs := []rune(strings.ToLower(w))
			for k, r := range rs {
				if unicode.IsLetter(r) {
					rs[k] = unicode.ToUpper(r)
					break
				}
			}
			// capitals after a hyphen or apostrophe-less join: Nagorno-Karabakh
			for k := 1; k < len(rs); k++ {
				if rs[k-1] == '-' && unicode.IsLetter(rs[k]) {
					rs[k] = unicode.ToUpper(rs[k])
				}
			}
			b.WriteString(string(rs))
		}
		if core != "" {
			first = false
		}
	}
	return b.String()
}

// mergeSorted adds names to a sorted list, keeping it sorted and without duplicates.
func mergeSorted(list, names []string) []string {
	seen := map[string]bool{}
	for _, n := range list {
		seen[n] = true
	}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			list = append(list, n)
		}
	}
	sort.Strings(list)
	return list
}

// homoglyphs are the Latin letters that look like Cyrillic ones, indexed by the ASCII letter (0:
// none); an array, since fixHomoglyphs looks up every letter of every non-ASCII text.
var homoglyphs = [utf8.RuneSelf]rune{
	'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х', 'y': 'у', 'i': 'і', 'A': 'А', 'B': 'В', 'C': 'С',
	'E': 'Е', 'H': 'Н', 'K': 'К', 'M': 'М', 'O': 'О', 'P': 'Р', 'T': 'Т', 'X': 'Х', 'Y': 'У', 'I': 'І',
}

// fixHomoglyphs rewrites Latin look-alike letters inside Cyrillic words in Cyrillic ("Пyтин" with a
// Latin y is Путин); a word that mixes scripts in any other way is left as it is (and is no name).
func fixHomoglyphs(text string) string {
	var b *strings.Builder
	last := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		cyr, lat, other := 0, 0, false
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			switch {
			case r >= 0x400 && r <= 0x52f:
				cyr++
			case r < utf8.RuneSelf && homoglyphs[r] != 0:
				lat++
			case r < utf8.RuneSelf && unicode.IsLetter(r), r >= utf8.RuneSelf:
				other = true
			}
			j += size
		}
		if cyr > 0 && lat > 0 && !other && cyr >= lat {
			if b == nil {
				b = &strings.Builder{}
				b.Grow(len(text))
			}
			b.WriteString(text[last:i])
			for _, r := range text[i:j] {
				if r < utf8.RuneSelf && homoglyphs[r] != 0 {
					r = homoglyphs[r]
				}
				b.WriteRune(r)
			}
			last = j
		}
		i = j
	}
	if b == nil {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
