package entities

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
)

//go:embed data/*.txt data/*.tsv
var dataFS embed.FS

// tables holds every lookup table the extractor reads; built once in New, read-only afterwards
// (except aliases, guarded by the Extractor's lock).
type tables struct {
	firstNames  map[string]bool // variant keys of first names
	weakFirst   map[string]bool // first names that are also common words (Will, Hope)
	notFirst    map[string]bool // folded words never taken as first names by themselves
	common      map[string]int  // folded common lower-case English words → frequency rank
	titles      map[string]bool // folded title/role words
	nonPerson   map[string]bool // folded words that make a name an organisation or place
	countryName map[string]string
	countryCode map[string]string // canonical name → alpha-2
	phrases     map[string][]phrase
	cyr         *cyrTables // Russian and Ukrainian tables
}

// phrase is a country or place expression: its folded words and the country it means ("" = not a country).
type phrase struct {
	words   []string
	code    string
	exact   string // for short all-capital abbreviations (US, UK): the exact spelling required
	demonym bool   // takes a plural -s (Russians, Afghans)
}

func readLines(name string, fn func(line string) error) error {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		return fmt.Errorf("open embedded table %s: %w", name, err)
	}
	defer f.Close()
	return scanLines(f, fn)
}

func scanLines(r io.Reader, fn func(line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			return err
		}
	}
	return sc.Err()
}

func wordSet(name string, key func(string) string) (map[string]bool, error) {
	m := map[string]bool{}
	err := readLines(name, func(line string) error {
		for _, w := range strings.Fields(line) {
			m[key(w)] = true
		}
		return nil
	})
	return m, err
}

func loadTables() (*tables, error) {
	t := &tables{
		common:      map[string]int{},
		weakFirst:   map[string]bool{},
		countryName: map[string]string{},
		countryCode: map[string]string{},
		phrases:     map[string][]phrase{},
	}
	var err error
	if t.notFirst, err = wordSet("notfirstnames.txt", fold); err != nil {
		return nil, err
	}
	if t.titles, err = wordSet("titles.txt", fold); err != nil {
		return nil, err
	}
	if t.nonPerson, err = wordSet("nonperson.txt", fold); err != nil {
		return nil, err
	}
	rank := 0
	if err := readLines("commonwords.gen.txt", func(line string) error {
		rank++
		t.common[line] = rank
		return nil
	}); err != nil {
		return nil, err
	}
	hand, err := wordSet("firstnames.txt", variantKey)
	if err != nil {
		return nil, err
	}
	gen, err := wordSet("firstnames.gen.txt", func(s string) string { return s })
	if err != nil {
		return nil, err
	}
	t.firstNames = map[string]bool{}
	for k := range hand {
		t.firstNames[k] = true
	}
	for n := range gen {
		low := fold(n)
		if t.notFirst[low] {
			continue
		}
		k := variantKey(n)
		if _, ok := t.common[low]; ok && !hand[k] {
			t.weakFirst[k] = true
			continue
		}
		t.firstNames[k] = true
	}
	if err := t.loadCountries(); err != nil {
		return nil, err
	}
	if err := loadCyrTables(t); err != nil {
		return nil, err
	}
	// a one-word country, demonym or place is not a first name (Georgian, Jordan, Florence)
	for w, list := range t.phrases {
		for _, p := range list {
			if len(p.words) == 1 && !hand[variantKey(w)] {
				delete(t.firstNames, variantKey(w))
				delete(t.weakFirst, variantKey(w))
			}
		}
	}
	return t, nil
}

func (t *tables) addPhrase(text, code string, demonym bool) {
	words := phraseWords(text)
	if len(words) == 0 {
		return
	}
	p := phrase{words: words, code: code, demonym: demonym}
	if len(text) <= 3 && isAllUpper(text) && !strings.Contains(text, ".") {
		p.exact = text
	}
	list := t.phrases[words[0]]
	for i, q := range list {
		if equalWords(q.words, words) {
			if q.code != code && code != "-" && q.code != "-" {
				list[i].code = "?" // ambiguous between countries: dropped unless overridden
			}
			return
		}
	}
	t.phrases[words[0]] = append(list, p)
}

// setPhrase adds or replaces a phrase (hand-kept overrides win over generated data).
func (t *tables) setPhrase(text, code string) {
	words := phraseWords(text)
	if len(words) == 0 {
		return
	}
	list := t.phrases[words[0]]
	for i, q := range list {
		if equalWords(q.words, words) {
			list[i].code = code
			return
		}
	}
	p := phrase{words: words, code: code}
	if len(text) <= 3 && isAllUpper(text) && !strings.Contains(text, ".") {
		p.exact = text
	}
	t.phrases[words[0]] = append(list, p)
}

// phraseWords tokenizes a table phrase the way text is tokenized.
func phraseWords(text string) []string {
	var out []string
	for _, tk := range tokenize(text, nil) {
		if tk.kind == tkPunct && tk.text != "'" {
			continue
		}
		out = append(out, tk.low)
	}
	return out
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (t *tables) loadCountries() error {
	names := map[string]string{} // code → canonical
	type row struct{ kind, code, text string }
	var rows []row
	if err := readLines("countries.gen.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return fmt.Errorf("countries.gen.tsv: bad line %q", line)
		}
		if f[0] == "country" {
			names[f[1]] = f[2]
		}
		rows = append(rows, row{f[0], f[1], f[2]})
		return nil
	}); err != nil {
		return err
	}
	var overrides [][2]string
	if err := readLines("countries.override.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 2 {
			return fmt.Errorf("countries.override.tsv: bad line %q", line)
		}
		if strings.HasPrefix(f[0], "=") {
			names[f[0][1:]] = f[1]
			return nil
		}
		overrides = append(overrides, [2]string{f[0], f[1]})
		return nil
	}); err != nil {
		return err
	}
	for code, name := range names {
		t.countryName[code] = name
		t.countryCode[name] = code
	}
	for _, r := range rows {
		switch r.kind {
		case "country", "alt", "capital":
			t.addPhrase(r.text, r.code, false)
		case "demonym":
			t.addPhrase(r.text, r.code, true)
		}
	}
	for code, name := range names {
		t.addPhrase(name, code, false)
	}
	if err := readLines("places.gen.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return fmt.Errorf("places.gen.tsv: bad line %q", line)
		}
		t.addPhrase(f[0], f[1], false)
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("places.override.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 2 {
			return fmt.Errorf("places.override.tsv: bad line %q", line)
		}
		overrides = append(overrides, [2]string{f[0], f[1]})
		return nil
	}); err != nil {
		return err
	}
	for _, o := range overrides {
		t.setPhrase(o[0], o[1])
		if o[1] != "-" {
			if _, ok := t.countryName[o[1]]; !ok {
				return fmt.Errorf("country override %q: unknown code %s", o[0], o[1])
			}
		}
	}
	// demonym plurals and longest phrases first
	for k, list := range t.phrases {
		for i := range list {
			if !list[i].demonym {
				w := list[i].words
				last := w[len(w)-1]
				list[i].demonym = strings.HasSuffix(last, "an") || strings.HasSuffix(last, "i") && len(w) == 1
			}
		}
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		t.phrases[k] = list
	}
	return nil
}
