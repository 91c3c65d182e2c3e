package entities

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// cyrPerson is one person of a Cyrillic text: the forms of its first name and surname.
type cyrPerson struct {
	firstNom   string // nominative first name, "" when unknown
	middleNom  string // nominative second first name, "" when none
	known      bool   // firstNom is from the first-name lexicon
	gender     byte
	firsts     []string // forms of an unknown first name
	pluralForm string   // the surname cut from a plural form, when the text has no other
	lastKey    string
	nomForm    int   // token of the surname written after the nominative first name, 0 when none
	forms      []int // token indexes of the surname's mentions
	spans      [][2]int
	name       string // canonical value, set by cyrCanonical
}

// cyrPeople finds the people of the Cyrillic part of a text; it marks their tokens claimed.
func (e *Extractor) cyrPeople(toks []token) []string {
	hasCyr := false
	for i := range toks {
		if toks[i].kind == tkWord && toks[i].low != "" && toks[i].low[0] >= 0xd0 && toks[i].low[0] <= 0xd4 {
			hasCyr = true
			break
		}
	}
	if !hasCyr {
		return nil
	}
	ct := &cyrText{first: map[string]firstRes{}}
	full, single := e.cyrMentions(toks, ct)
	if len(full) == 0 && len(single) == 0 {
		return nil
	}
	c := e.t.cyr
	lang := textLang(toks)
	var people []*cyrPerson
	byKey := map[string]*cyrPerson{}
	byLast := map[string][]*cyrPerson{}
	for _, m := range full {
		fn, g := ct.firstName(c, &toks[m.first])
		known := fn != ""
		if !known {
			fn = toks[m.first].text
		}
		lk := surnameKey(toks[m.last].low, lang)
		if m.plural {
			lk = nameKeyLow(singularSurname(toks[m.last].low))
		}
		if lk == "" {
			continue
		}
		key := nameKey(fn) + "|" + lk
		p := byKey[key]
		if p == nil {
			p = &cyrPerson{firstNom: fn, known: known, gender: g, lastKey: lk}
			if m.middle > 0 {
				p.middleNom, _ = ct.firstName(c, &toks[m.middle])
			}
			byKey[key] = p
			people = append(people, p)
			byLast[lk] = append(byLast[lk], p)
		}
		if !m.plural {
			p.forms = append(p.forms, m.last)
			// a first name in the nominative (as the table writes it) puts its surname in the
			// nominative too: "Ілля Заїка" is Заїка, not the genitive of Заїк
			if known && fold(fn) == toks[m.first].low && m.first < m.last && p.nomForm == 0 && lang != "kk" {
				p.nomForm = m.last
			}
		} else if len(p.forms) == 0 {
			p.pluralForm = singularSurname(toks[m.last].text)
		}
		p.spans = append(p.spans, [2]int{m.start, m.end})
		if !known {
			p.firsts = append(p.firsts, toks[m.first].text)
		}
	}
	extra := map[string]*cyrPerson{}
	resolved := map[string]string{} // surname key → alias resolution (one per text)
	for _, m := range single {
		t := &toks[m.last]
		lk := surnameKey(t.low, lang)
		if ps := byLast[lk]; len(ps) > 0 {
			if len(ps) == 1 {
				ps[0].forms = append(ps[0].forms, m.last)
				ps[0].spans = append(ps[0].spans, [2]int{m.start, m.end})
			}
			continue
		}
		if fn, _ := ct.firstName(c, t); fn != "" {
			continue // a first name alone
		}
		name, seen := resolved[lk]
		if !seen {
			name = e.cyrAliasSingle(t.text, lk, lang)
			resolved[lk] = name
		}
		if name == "" && !t.sent && m.last > 0 && toks[m.last-1].kind == tkWord {
			// an unknown surname after a title only people hold: "адвокат Иванов" → Ivanov
			if prev := toks[m.last-1].low; (c.person[titleKey(prev)] || c.after[prev]) && !obliqueAdjective(t.low) {
				name = c.romanize(nominative([]string{t.text}, guessGender([]string{t.text}), lang, func(int) bool { return false }, []int{m.last}), lang)
			}
		}
		if name == "" {
			continue
		}
		p := extra[name]
		if p == nil {
			p = &cyrPerson{name: name}
			extra[name] = p
			people = append(people, p)
		}
		p.spans = append(p.spans, [2]int{m.start, m.end})
	}
	out := make([]string, 0, len(people))
	for _, p := range people {
		if p.name == "" {
			p.name = e.cyrCanonical(toks, p, lang)
		}
		for _, sp := range p.spans {
			for k := sp[0]; k < sp[1]; k++ {
				toks[k].claimed = true
			}
		}
		out = append(out, p.name)
	}
	return out
}

// surnameKey is the nameKey of a folded surname; in a Kazakh, Kyrgyz or Tajik text its case
// suffix is cut first (Жапаровдун → жапаров).
func surnameKey(low, lang string) string {
	if lang == "kk" {
		low = turkicStem(low)
	}
	return nameKeyLow(low)
}

// cyrAliasSingle resolves a surname-only mention through the alias table: a Cyrillic alias in any
// case form, else a romanization of its possible nominatives matched against the table.
func (e *Extractor) cyrAliasSingle(word, key, lang string) string {
	if name, ok := e.cyrAliasKey(key); ok {
		return name
	}
	for _, k := range e.romanizedKeys(word, lang) {
		if full, ok := e.aliasKey(k); ok {
			return full
		}
	}
	return ""
}

// romanVariantKeys returns the variant keys of a Cyrillic name's romanization; Ukrainian texts
// write Russian names with є (Пєсков, Мєдвєдєв), which also gives the key of the Russian spelling.
func (e *Extractor) romanVariantKeys(name, lang string) []string {
	k := variantKey(e.t.cyr.romanize(name, lang))
	if lang == "uk" && strings.ContainsAny(name, "єЄ") {
		alt := strings.NewReplacer("є", "е", "Є", "Е").Replace(name)
		return []string{k, variantKey(e.t.cyr.romanize(alt, lang))}
	}
	return []string{k}
}

// maxRomanCache bounds the romanization cache of an Extractor.
const maxRomanCache = 1 << 16

// romanizedKeys returns the variant keys of the romanized nominatives a surname form may have
// (the stem, stem + а, о, ий, ый, and the form itself), cached: sentence-initial words recur.
func (e *Extractor) romanizedKeys(word, lang string) []string {
	ck := lang + "\x00" + word
	if v, ok := e.romanKeys.Load(ck); ok {
		return v.([]string)
	}
	if lang == "kk" {
		if low := fold(word); len(low) == len(word) {
			word = word[:len(turkicStem(low))] // Путинмен → Путин
		}
	}
	_, k := nameSplit(word)
	stem := cutRunes(word, k)
	cands := []string{stem, stem + "а", stem + "о", stem + "ий", stem + "ый"}
	if k > 0 {
		cands = append(cands, word)
	}
	keys := make([]string, 0, 2*len(cands))
	for _, cand := range cands {
		if utf8.RuneCountInString(cand) >= 3 {
			keys = append(keys, e.romanVariantKeys(cand, lang)...)
		}
	}
	if e.romanCount.Load() < maxRomanCache {
		if _, loaded := e.romanKeys.LoadOrStore(ck, keys); !loaded {
			e.romanCount.Add(1)
		}
	}
	return keys
}

// compatibleFirst says whether a romanized first name may be the first name of a canonical name:
// the same name in transliteration variants (Sergey, Sergei; Kasym-Zhomart, Kassym-Jomart;
// Mokhammad, Mohammad; Georgiy, Heorhiy) or in another language's spelling (Nikolay, Mikalai;
// firstnames.equiv.txt). A known first name must be the same name (Ibragim is not Ilham); one the
// tables do not know, a foreign name in an unusual spelling, need only start alike (Эмманюэль
// Макрон is Emmanuel Macron).
func (c *cyrTables) compatibleFirst(roman, canonical string, known bool) bool {
	if roman == "" {
		return true
	}
	cf := strings.Fields(canonical)
	if len(cf) == 0 {
		return false
	}
	a, b := variantKey(firstPart(roman)), variantKey(firstPart(cf[0]))
	if !known && a != "" && b != "" && a[0] == b[0] {
		return true
	}
	return a != "" && (c.sameFirstName(a, b) || laxFirstKey(firstPart(roman)) == laxFirstKey(firstPart(cf[0])))
}

// laxFirstKey folds what romanizations of one first name differ by beyond variantKey: г written
// g or h, х written kh or h (Ibragim/Ibrahim, Mokhammad/Mohammad, Hryhoriy/Grigoriy).
func laxFirstKey(name string) string {
	k := strings.NewReplacer("kh", "h", "g", "h").Replace(fold(name))
	return variantKey(k)
}

// sameFirstName says whether two first names, as variant keys, are one name: the same key or
// spellings of one name in two languages (firstnames.equiv.txt: Igor and Ihar).
func (c *cyrTables) sameFirstName(a, b string) bool {
	if a == b {
		return true
	}
	for _, class := range c.sameFirst[a] {
		if slices.Contains(c.sameFirst[b], class) {
			return true
		}
	}
	return false
}

// cyrCanonical gives a person its value: the English spelling when the alias table knows the
// person, else the romanization of the nominative full name.
func (e *Extractor) cyrCanonical(toks []token, p *cyrPerson, lang string) string {
	c := e.t.cyr
	gender := p.gender
	forms := make([]string, 0, len(p.forms)+1)
	for _, k := range p.forms {
		forms = append(forms, toks[k].text)
	}
	if len(forms) == 0 {
		forms = append(forms, p.pluralForm)
	}
	if gender == 0 {
		gender = guessGender(forms)
	}
	firstNom := p.firstNom
	switched := false
	if gender == 'f' && p.known && maleGenitive(c, firstNom, forms) {
		// Александра Винника: the genitive of Александр Винник, as no woman's surname ends so
		gender, firstNom, switched = 'm', cutRunes(firstNom, 1), true
	}
	idx := p.forms
	if len(idx) < len(forms) {
		idx = append(idx, -1)
	}
	last := nominative(forms, gender, lang, func(k int) bool { return k >= 0 && k+1 < len(toks) && e.cyrCueAfter(toks, k) }, idx)
	if p.nomForm > 0 && !switched {
		last = toks[p.nomForm].text
	}
	if !p.known && len(p.firsts) > 0 {
		// an unknown first name: the form that looks nominative (Адахан, not Адахана)
		firstNom = nominativeFirst(p.firsts, gender)
	}
	first, ok := c.english[fold(firstNom)]
	if !ok {
		first = c.romanize(firstNom, lang)
	}
	if p.middleNom != "" {
		mid, ok := c.english[fold(p.middleNom)]
		if !ok {
			mid = c.romanize(p.middleNom, lang)
		}
		first += " " + mid
	}
	roman := c.romanize(last, lang)
	cyrFull, okFull := e.cyrAliasKey(nameKey(p.firstNom) + " " + p.lastKey)
	cyrLast, okLast := e.cyrAliasKey(p.lastKey)
	switch {
	case okFull:
		return cyrFull
	case okLast && c.compatibleFirst(first, cyrLast, p.known):
		return cyrLast
	}
	full := strings.TrimSpace(first + " " + roman)
	if name, ok := e.aliasFull(full); ok {
		return name
	}
	// the nominative, then the surname as the text writes it (Кобахидзе, Иванишвили do not decline)
	for _, f := range append([]string{last}, forms...) {
		for _, k := range e.romanVariantKeys(f, lang) {
			if name, ok := e.aliasKey(k); ok && c.compatibleFirst(first, name, p.known) {
				return name
			}
		}
	}
	return full
}
