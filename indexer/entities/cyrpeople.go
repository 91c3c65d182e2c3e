package entities

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// cyrText is what the Cyrillic rules learn about one text while they read it.
type cyrText struct {
	alone   map[string]bool     // name keys of words written alone, with no name word beside them
	pairs   map[string][]string // first name → name keys of the words written after it
	midCaps map[string]bool     // name keys of words written capitalised inside a sentence
	first   map[string]firstRes // firstNameOf by folded word
}

type firstRes struct {
	nom    string
	gender byte
}

// firstName is firstNameOf, once per word of the text.
func (ct *cyrText) firstName(c *cyrTables, t *token) (string, byte) {
	if r, ok := ct.first[t.low]; ok {
		return r.nom, r.gender
	}
	nom, g := c.firstNameOf(t.text, t.low)
	ct.first[t.low] = firstRes{nom, g}
	return nom, g
}

// namedAfter are the words before the name of the person a place or an organisation is named after.
var namedAfter = map[string]bool{"имени": true, "імені": true, "им": true, "ім": true}

// knownSurname says whether a folded word is, in any case, a surname the alias table gives alone.
func (e *Extractor) knownSurname(low string) bool {
	_, ok := e.cyrAliasKey(nameKeyLow(low))
	return ok
}

// surnameShaped says whether a folded word, in any case, ends like a Russian, Ukrainian, Belarusian
// or Caucasian surname (Мамутова, Сидорова, Шевченко, Ковальчуку, Пашиняна), not like a noun of an
// organisation (Єврокомісії).
func surnameShaped(low string) bool {
	stem := low[:cutIndex(low, nameEndLen(low))]
	for _, suf := range []string{"ов", "ев", "ёв", "єв", "ин", "ын", "ск", "цк", "ськ", "цьк", "енк", "ук", "юк", "ич", "ян", "дзе", "швил", "ий", "ой", "ый"} {
		if strings.HasSuffix(stem, suf) || strings.HasSuffix(low, suf) {
			return true
		}
	}
	return false
}

func isOpenQuote(s string) bool  { return s == "«" || s == "„" || s == "“" || s == "\"" }
func isCloseQuote(s string) bool { return s == "»" || s == "“" || s == "”" || s == "\"" }

// namedAfterNoun says whether the name at token s follows a lower-case word of a street, whose
// name it is (улице Карла Маркса, вулиці Михайла Грушевського), or of an institution when the name
// is in the genitive (центру Олександра Довженка, премии Андрея Сахарова; not студенту
// университета Гиорги Бериашвили, директор центра Олег Петров).
func (ct *cyrText) namedAfterNoun(c *cyrTables, toks []token, s int) bool {
	low := toks[s-1].low
	for _, p := range []string{"улиц", "вулиц", "проспект", "площад", "площ", "бульвар", "переул", "провул", "набережн"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	for _, p := range []string{"центр", "фонд", "музе", "театр", "университет", "університет", "преми", "премі", "орден",
		"стипенди", "стипенді", "парк", "станци", "станці", "аэропорт", "аеропорт", "библиотек", "бібліотек", "академи",
		"академі", "институт", "інститут", "полк", "бригад", "лице", "гимнази", "гімназі", "храм", "собор"} {
		if strings.HasPrefix(low, p) {
			fn, _ := ct.firstName(c, &toks[s])
			if fn == "" {
				return false
			}
			// a case form, or a man's genitive that looks like a woman's name (Александра)
			return fold(fn) != toks[s].low || strings.HasSuffix(toks[s].low, "а") && c.firstName[strings.TrimSuffix(toks[s].low, "а")] == 'm'
		}
	}
	return false
}

// cyrName is one Cyrillic person mention: the token of the first name (-1: none) and of the surname.
type cyrName struct {
	first, last int
	middle      int // a second first name (Абдул Вахид Рахими), 0 when none
	start, end  int
	plural      bool // the surname is plural: "Віталія та Володимира Кличків"
}

// cyrNameToken says whether a token can be part of a Cyrillic person's name: a capitalised Cyrillic
// word of two letters or more, not all capitals (РФ, США) and not part of another name.
func cyrNameToken(t *token) bool {
	return t.kind == tkWord && t.cap && !t.upper && !t.claimed && isCyrillic(t.text) && utf8.RuneCountInString(t.text) >= 2 &&
		!mixedScript(t.text)
}

// mixedScript says whether a word mixes Cyrillic letters with letters of another script.
func mixedScript(s string) bool {
	cyr, other := false, false
	for _, r := range s {
		switch {
		case r < 0x80:
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				other = true
			}
		case r >= 0x400 && r <= 0x52f:
			cyr = true
		case r > 0x52f && isWordRune(r):
			other = true
		}
	}
	return cyr && other
}

// cyrCueAfter says whether a speech verb follows token i (a name at the start of a sentence:
// "Никол Пашинян заявил").
func (e *Extractor) cyrCueAfter(toks []token, i int) bool {
	if i+1 < len(toks) && toks[i+1].kind == tkWord {
		return e.t.cyr.verbs[toks[i+1].low]
	}
	return false
}

// aloneElsewhere says whether the word at k, which looks like a patronymic, is written alone
// elsewhere in the text: then it is a surname (Валентин Стефанович … Стефанович заявил), as a
// patronymic never stands alone.
func (ct *cyrText) aloneElsewhere(c *cyrTables, toks []token, k int) bool {
	if ct.alone == nil {
		ct.alone = map[string]bool{}
		for i := range toks {
			if !cyrNameToken(&toks[i]) {
				continue
			}
			// a capitalised word starting the sentence is no name beside it unless the text also
			// writes it capitalised inside a sentence (Родственники Ковалевича)
			before := i > 0 && !toks[i].sent && !toks[i].nl && cyrNameToken(&toks[i-1]) &&
				(!toks[i-1].sent || ct.midCaps[nameKeyLow(toks[i-1].low)] || c.firstName[toks[i-1].low] != 0)
			after := i+1 < len(toks) && !toks[i+1].sent && !toks[i+1].nl && cyrNameToken(&toks[i+1])
			if !before && !after {
				ct.alone[nameKeyLow(toks[i].low)] = true
			}
		}
	}
	return ct.alone[nameKeyLow(toks[k].low)]
}

// obliqueAdjective says whether a word is an adjective in another case than the nominative
// (Красносельского района, Народних зборів, Європейської ради): after a title it names what the
// title is of, not a person.
func obliqueAdjective(low string) bool {
	for _, end := range []string{"ого", "ому", "ым", "ых", "ими", "ыми", "ой", "ою", "ої", "ій", "их", "им"} {
		if strings.HasSuffix(low, end) && utf8.RuneCountInString(low) > utf8.RuneCountInString(end)+3 {
			stem := strings.TrimSuffix(low, end)
			// the adjectival stems of names and places: -ск-, -цк-, -ськ-, -н-, -ов-, -ев-
			for _, st := range []string{"ск", "цк", "ськ", "зьк", "цьк", "н", "в"} {
				if strings.HasSuffix(stem, st) {
					return true
				}
			}
		}
	}
	return false
}

// patronymicOfKnown says whether seg[n], a word with a patronymic's suffix whose base is no known
// first name (Мидхатович), is a patronymic: the last word of a first name and patronymic whose
// person the text also names with a surname («Ринат Мидхатович …», Ринат Алсынов).
func (ct *cyrText) patronymicOfKnown(c *cyrTables, toks []token, seg []int, n int) bool {
	if n == 0 || n != len(seg)-1 || !patronymicSuffix(toks[seg[n]].low) {
		return false
	}
	fn, _ := ct.firstName(c, &toks[seg[n-1]])
	if fn == "" {
		return false
	}
	if ct.pairs == nil {
		ct.pairs = map[string][]string{}
		for i := 0; i+1 < len(toks); i++ {
			if !cyrNameToken(&toks[i]) || !cyrNameToken(&toks[i+1]) || toks[i+1].sent || toks[i+1].nl {
				continue
			}
			if f, _ := ct.firstName(c, &toks[i]); f != "" {
				k := nameKey(f)
				ct.pairs[k] = append(ct.pairs[k], nameKeyLow(toks[i+1].low))
			}
		}
	}
	self := nameKeyLow(toks[seg[n]].low)
	for _, w := range ct.pairs[nameKey(fn)] {
		if w != self && !patronymicSuffix(w) {
			return true
		}
	}
	return false
}

// patronymicSuffix says whether a folded word ends like a patronymic in any case.
func patronymicSuffix(low string) bool {
	for _, suf := range []string{"ович", "евич", "івич", "овн", "евн", "івн", "ївн", "ичн"} {
		if i := strings.LastIndex(low, suf); i > 0 && utf8.RuneCountInString(low[i+len(suf):]) <= 3 {
			return true
		}
	}
	return false
}

// womanBefore says whether seg[n], a word like a man's patronymic (Ефимович), follows a woman's
// first name: then it is her surname (Елена Ефимович), as her patronymic would be Ефимовна.
func (ct *cyrText) womanBefore(c *cyrTables, toks []token, seg []int, n int) bool {
	if n == 0 || !strings.Contains(toks[seg[n]].low, "вич") {
		return false
	}
	_, g := ct.firstName(c, &toks[seg[n-1]])
	return g == 'f'
}

// firstNameOfName says whether token j is a first name followed by another name word in its
// sentence: "с Арменом Григоряном" is no Armenia.
func (ct *cyrText) firstNameOfName(c *cyrTables, toks []token, j int) bool {
	if j+1 >= len(toks) || !cyrNameToken(&toks[j+1]) || toks[j+1].sent || toks[j+1].nl {
		return false
	}
	if _, ok := c.firstName[fold(toks[j].text)]; ok {
		return true // the nominative (Армен)
	}
	fn, _ := ct.firstName(c, &toks[j])
	if fn == "" {
		return false
	}
	// a case form of a first name (Арменом, not Армении), unless the next word is a first name
	// too (Армении Армен)
	stem := fold(fn)
	if st, ok := strings.CutSuffix(stem, "а"); ok {
		stem = st
	} else if st, ok := strings.CutSuffix(stem, "я"); ok {
		stem = st
	}
	rest, ok := strings.CutPrefix(toks[j].low, stem)
	if !ok || !firstNameEndings[rest] {
		return false
	}
	next, _ := ct.firstName(c, &toks[j+1])
	return next == ""
}

// firstNameEndings are the case endings of Russian and Ukrainian first names after their stem.
var firstNameEndings = map[string]bool{"": true, "а": true, "у": true, "ом": true, "ем": true, "е": true, "ю": true,
	"я": true, "ы": true, "и": true, "і": true, "ой": true, "ей": true, "ою": true, "ею": true, "ові": true, "еві": true, "ій": true}

// cyrMentions finds the Cyrillic name mentions of a text: full names (two or three capitalised
// words, a patronymic left out) and single words (surnames to resolve).
func (e *Extractor) cyrMentions(toks []token, ct *cyrText) (full, single []cyrName) {
	c := e.t.cyr
	for i := 0; i < len(toks); {
		if !cyrNameToken(&toks[i]) {
			i++
			continue
		}
		// a run of name words, cut at places, titles and sentence starts
		var seg []int
		skip := 1 // tokens to skip when the run holds no name word: a place phrase or a title word
		j := i
		for j < len(toks) && cyrNameToken(&toks[j]) && (j == i || !toks[j].sent && !toks[j].nl) {
			if n, _ := c.placeAt(toks, j); n > 0 && !ct.firstNameOfName(c, toks, j) {
				if j == i {
					skip = n
				}
				break
			}
			if tk := titleKey(toks[j].low); c.titles[tk] || c.nonPerson[tk] {
				break
			}
			seg = append(seg, j)
			j++
		}
		if j < len(toks) && cyrNameToken(&toks[j]) && !toks[j].sent && !toks[j].nl && c.nonPerson[titleKey(toks[j].low)] {
			// Храм Христа Спасителя, Университет имени ...: the words after are no person
			for j++; j < len(toks) && cyrNameToken(&toks[j]) && !toks[j].sent && !toks[j].nl; j++ {
			}
			if len(seg) == 0 {
				i = j
				continue
			}
		}
		if len(seg) == 0 {
			i += skip
			continue
		}
		i = j
		if s, l := seg[0], seg[len(seg)-1]; s > 0 && l+1 < len(toks) && isOpenQuote(toks[s-1].text) && isCloseQuote(toks[l+1].text) {
			continue // a name that fills a quote is a ship's, a film's or a company's: «Сергей Котов»
		}
		if s := seg[0]; s > 0 && (namedAfter[toks[s-1].low] || ct.namedAfterNoun(c, toks, s)) || s > 1 && toks[s-1].text == "." && namedAfter[toks[s-2].low] {
			// полк имени Ахмата Кадырова, вулиця імені Степана Бандери: no person; but a person
			// may follow the namesake ("на улице Амет-хана Султана Патимат Алиева")
			for k := 2; k+1 < len(seg); k++ {
				if fn, _ := ct.firstName(c, &toks[seg[k]]); fn != "" {
					full, single = e.cyrSegment(toks, seg[k:], full, single, ct)
					break
				}
			}
			continue
		}
		if ct.midCaps == nil {
			ct.midCaps = map[string]bool{}
			for k := range toks {
				if cyrNameToken(&toks[k]) && !toks[k].sent && !toks[k].nl && !toks[k].title {
					ct.midCaps[nameKeyLow(toks[k].low)] = true
				}
			}
		}
		full, single = e.cyrSegment(toks, seg, full, single, ct)
	}
	return full, single
}

// cyrSegment reads one run of capitalised words as full names and single words.
func (e *Extractor) cyrSegment(toks []token, seg []int, full, single []cyrName, ct *cyrText) ([]cyrName, []cyrName) {
	c := e.t.cyr
	// patronymics are part of the name but not of its value
	words := make([]int, 0, len(seg))
	patronymic := false
	for n, k := range seg {
		if len(seg) > 1 && (c.isPatronymic(toks[k].low) || ct.patronymicOfKnown(c, toks, seg, n)) && !ct.aloneElsewhere(c, toks, k) && !ct.womanBefore(c, toks, seg, n) {
			patronymic = true
			continue
		}
		words = append(words, k)
	}
	// a known first name after a word that is none starts another name:
	// "Алексея Навального Юлия Навальная", "Меджлісу Рефат Чубаров"
	from := 0
	for k := 1; k+1 < len(words); k++ {
		if f, _ := ct.firstName(c, &toks[words[k]]); f == "" {
			continue
		}
		if f, _ := ct.firstName(c, &toks[words[k-1]]); f != "" {
			continue
		}
		full, single = e.cyrPart(toks, words[from:k], false, full, single, ct)
		from = k
	}
	return e.cyrPart(toks, words[from:], patronymic && from == 0, full, single, ct)
}

// cyrPart reads a part of a run (patronymics left out) as one full name, else as single words.
func (e *Extractor) cyrPart(toks []token, words []int, patronymic bool, full, single []cyrName, ct *cyrText) ([]cyrName, []cyrName) {
	c := e.t.cyr
	for len(words) >= 2 {
		a, b := words[0], words[len(words)-1]
		span := func(n cyrName) cyrName {
			n.start, n.end = a, b+1
			if patronymic && b+2 <= len(toks) && c.isPatronymic(toks[b+1].low) {
				n.end = b + 2
			}
			return n
		}
		var fa, fb string
		if len(words) <= 3 {
			fa, _ = ct.firstName(c, &toks[a])
			fb, _ = ct.firstName(c, &toks[b])
		}
		switch {
		case len(words) > 3:
		case fa != "":
			n := span(cyrName{first: a, last: b})
			if len(words) == 3 {
				if fm, _ := ct.firstName(c, &toks[words[1]]); fm != "" {
					n.middle = words[1] // Абдул Вахид Рахими, Мохаммад Джавад Зариф
				}
			}
			// "Віталія та Володимира Кличків", "Алексея и Юлии Навальных": one surname for two people
			if len(words) == 2 && a >= 2 && toks[a-1].kind == tkWord && andWords[toks[a-1].low] && cyrNameToken(&toks[a-2]) && pluralSurname(toks[b].low) {
				if f, _ := ct.firstName(c, &toks[a-2]); f != "" {
					n.plural = true
					full = append(full, cyrName{first: a - 2, last: b, start: a - 2, end: a - 1, plural: true})
				}
			}
			return append(full, n), single
		case fb != "" && len(words) == 2 && patronymic && (!toks[a].sent || surnameShaped(toks[a].low) || ct.midCaps[nameKeyLow(toks[a].low)]):
			// Лавров Сергей Викторович: surname first
			return append(full, span(cyrName{first: b, last: a})), single
		case adjectiveForm(toks[a].low):
			// Нижний Тагил, Мінський обласний, Белая Церковь: a place or an organisation
		case toks[a].title && !ct.midCaps[nameKeyLow(toks[a].low)]:
			// a headline in capitals, rewritten in title case: every word is capitalised
		case fb != "" && len(words) == 2 && (!toks[a].sent || ct.midCaps[nameKeyLow(toks[a].low)]) && surnameShaped(toks[a].low):
			// a surname before the first name: "Иванова Мария" in a list, "дружина Мамутова Ельвіна"
			return append(full, span(cyrName{first: b, last: a})), single
		case fb != "" && len(words) == 2:
			// a word that is no surname before a first name (Голова Єврокомісії Урсула): apart
		case fa == "" && len(words) == 2 && e.knownSurname(toks[a].low):
			// a known person's surname before another word (Для Пашиняна Эчмиадзин): apart
		case !toks[a].sent || ct.midCaps[nameKeyLow(toks[a].low)]:
			// a capitalised word at the start of a sentence is a name when the text also writes it
			// capitalised elsewhere (Вчера Лавров заявил: Вчера is no first name)
			return append(full, span(cyrName{first: a, last: b})), single
		}
		// an ordinary capitalised word first: read the rest without it
		single = append(single, cyrName{first: -1, last: a, start: a, end: a + 1})
		words = words[1:]
	}
	for _, k := range words {
		single = append(single, cyrName{first: -1, last: k, start: k, end: k + 1})
	}
	return full, single
}

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
// firstnames.equiv.txt). Ibragim is not Ilham: a first letter is not enough.
func (c *cyrTables) compatibleFirst(roman, canonical string) bool {
	if roman == "" {
		return true
	}
	cf := strings.Fields(canonical)
	if len(cf) == 0 {
		return false
	}
	a, b := variantKey(firstPart(roman)), variantKey(firstPart(cf[0]))
	return a != "" && (c.sameFirstName(a, b) || laxFirstKey(firstPart(roman)) == laxFirstKey(firstPart(cf[0])) ||
		c.sameFirstName(variantKey(roman), variantKey(cf[0])))
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
	case okLast && c.compatibleFirst(first, cyrLast):
		return cyrLast
	}
	full := strings.TrimSpace(first + " " + roman)
	if name, ok := e.aliasFull(full); ok {
		return name
	}
	// the nominative, then the surname as the text writes it (Кобахидзе, Иванишвили do not decline)
	for _, f := range append([]string{last}, forms...) {
		for _, k := range e.romanVariantKeys(f, lang) {
			if name, ok := e.aliasKey(k); ok && c.compatibleFirst(first, name) {
				return name
			}
		}
	}
	return full
}

// maleGenitive says whether a woman's first name in -а (Александра) with surname forms that all
// end in -а after a stem no woman's surname has (Винника, not Петрова or Навальная) is a man's
// name in the genitive.
func maleGenitive(c *cyrTables, firstNom string, forms []string) bool {
	if !strings.HasSuffix(firstNom, "а") || c.firstName[fold(cutRunes(firstNom, 1))] != 'm' || len(forms) == 0 {
		return false
	}
	for _, f := range forms {
		low := fold(f)
		stem, ok := strings.CutSuffix(low, "а")
		if !ok || utf8.RuneCountInString(stem) < 3 {
			return false
		}
		for _, suf := range []string{"ов", "ев", "ёв", "єв", "ин", "ын", "ск", "цк", "ськ", "цьк", "ая", "а", "я", "и", "о", "е", "у"} {
			if strings.HasSuffix(stem, suf) {
				return false
			}
		}
	}
	return true
}

// guessGender guesses a person's gender from the surname forms when the first name is unknown.
func guessGender(forms []string) byte {
	for _, f := range forms {
		low := fold(f)
		for _, suf := range []string{"ова", "ева", "ёва", "ина", "ая", "ська", "цька", "овой", "евой", "иной", "ової", "евої", "іної", "ской", "ської"} {
			if strings.HasSuffix(low, suf) {
				return 'f'
			}
		}
	}
	return 'm'
}

// nominative reconstructs the nominative of a surname from the case forms the text uses.
// cueAfter says whether a speech verb follows the token of a form (a nominative subject).
func nominative(forms []string, gender byte, lang string, cueAfter func(int) bool, idx []int) string {
	type form struct {
		text, end string
		k         int
	}
	fs := make([]form, 0, len(forms))
	for _, f := range forms {
		folded, k := nameSplit(f)
		fs = append(fs, form{text: f, k: k, end: folded[cutIndex(folded, k):]})
	}
	has := func(ends ...string) (string, bool) {
		for _, f := range fs {
			for _, e := range ends {
				if f.end == e {
					return f.text, true
				}
			}
		}
		return "", false
	}
	stem := cutRunes(fs[0].text, fs[0].k)
	sf, _ := nameSplit(stem)
	adjectival := strings.HasSuffix(sf, "ск") || strings.HasSuffix(sf, "цк") || strings.HasSuffix(sf, "ськ") || strings.HasSuffix(sf, "цьк")
	possessive := strings.HasSuffix(sf, "ов") || strings.HasSuffix(sf, "ев") || strings.HasSuffix(sf, "ин") || strings.HasSuffix(sf, "ив")
	if gender == 'f' {
		if f, ok := has("а", "я", "ая"); ok {
			return f
		}
		if lang == "uk" && strings.HasSuffix(sf, "н") {
			// a soft adjectival surname: Завгородній, Завгородню → Завгородня
			if _, ok := has("ии", "ю", "юю", "ьои"); ok {
				return stem + "я"
			}
		}
		_, adjForm := has("ои", "ую")
		switch {
		case possessive:
			return stem + "а"
		case (adjectival || adjForm) && lang == "uk":
			return stem + "а"
		case adjectival || adjForm:
			return stem + "ая" // Навальной → Навальная
		}
		if _, ok := has("ою", "еи", "ею", "ы"); ok {
			return stem + "а" // a woman's surname in -а in another case: Бабою → Баба
		}
		return fs[0].text
	}
	if gender == 'm' {
		for _, f := range fs {
			if f.end == "еи" && !strings.HasSuffix(stem, "и") && !strings.HasSuffix(fold(f.text), "ией") {
				return f.text // no case of a man's name ends in -ей after a consonant: Карней
			}
		}
		if f, ok := has("ои"); ok {
			if _, ok := has("ого", "ому", "им", "ым"); ok {
				return f // a man's surname in -ой, written so besides its other cases: Бережной, Бережного
			}
		}
	}
	if _, ok := has("ого", "ому"); ok && !adjectival {
		// Навального → Навальный
		if lang == "uk" || strings.HasSuffix(sf, "к") || strings.HasSuffix(sf, "г") || strings.HasSuffix(sf, "х") {
			return stem + "ий"
		}
		return stem + "ый"
	}
	for _, f := range fs {
		if indeclinable(f.text) {
			return f.text
		}
	}
	if lang != "uk" {
		// Russian writes the genitive of -а names with -ы after hard consonants: a surname in -и
		// after another letter than г к х ж ш ч щ is a foreign one that does not decline
		// (Момени, Гранди, Рахими, Амаглобели)
		for _, f := range fs {
			if russianIndeclinableI(fold(f.text)) {
				return f.text
			}
		}
	}
	if f, ok := has(""); ok {
		return f
	}
	if f, ok := has("ия"); ok && gender != 'f' {
		return f // a Georgian or Abkhaz surname: Парцвания, Гахария, Шенгелия
	}
	if _, ok := has("еи", "ю"); ok && gender != 'f' && strings.HasSuffix(sf, "и") {
		return stem + "я" // Парцванией, Гахарию → Парцвания, Гахария
	}
	if f, ok := has("ии"); ok {
		return f
	}
	if f, ok := has("о"); ok {
		return f
	}
	switch {
	case adjectival:
		return stem + "ий"
	case strings.HasSuffix(sf, "енк"):
		return stem + "о"
	}
	for i, f := range fs {
		if f.end == "а" && cueAfter(idx[i]) {
			return f.text // Сибіга заявив: a nominative in -а
		}
	}
	if _, ok := has("ою", "и"); ok {
		if _, ok := has("ом", "ем", "им"); !ok {
			return stem + "а"
		}
	}
	return stem
}

// nominativeFirst picks the nominative among the forms of a first name the lexicon does not know:
// a consonant ending for a man (Адахан, not Адахана), -а or -я for a woman.
func nominativeFirst(forms []string, gender byte) string {
	for _, f := range forms {
		low := fold(f)
		k := nameEndLen(low)
		if gender == 'f' && (strings.HasSuffix(low, "а") || strings.HasSuffix(low, "я")) || gender != 'f' && k == 0 {
			return f
		}
	}
	if gender != 'f' {
		f := forms[0]
		low := fold(f)
		if k := nameEndLen(low); k > 0 && (strings.HasSuffix(low, "а") || strings.HasSuffix(low, "у") || strings.HasSuffix(low, "ом") || strings.HasSuffix(low, "ым") || strings.HasSuffix(low, "е")) {
			return cutRunes(f, k)
		}
	}
	return forms[0]
}

// indeclinable says whether a surname keeps one form in every case: Georgian -дзе, -швили, -ия,
// -ава; -ых/-их; Ukrainian -енко/-ко (as written); foreign names in -е, -и, -о, -у after a vowel.
// russianIndeclinableI says whether a folded name ends in -и after a letter that takes -ы in a
// Russian genitive.
func russianIndeclinableI(low string) bool {
	rest, ok := strings.CutSuffix(low, "и")
	if !ok || utf8.RuneCountInString(rest) < 3 {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(rest)
	return !strings.ContainsRune("гкхжшчщиаеоуыэюяй", prev)
}

func indeclinable(s string) bool {
	low := fold(s)
	for _, suf := range []string{"дзе", "швили", "швілі", "ых", "ава", "уа", "ко", "ані", "ани", "ури", "урі", "зода", "заде", "зоде"} {
		if strings.HasSuffix(low, suf) {
			return true
		}
	}
	return false
}

// adjectiveForm says whether a word has an adjective ending no first name has (-ый, -ая, -ое, -ые,
// -ого, -ому, -ський ...): the first word of a place or organisation name, not of a person's.
func adjectiveForm(low string) bool {
	for _, suf := range []string{"ый", "ая", "ое", "ые", "ых", "ого", "ому", "ую", "ыми", "ских", "ский", "ська", "ський", "ське", "ські", "ського", "цкий", "цький", "ной", "ная", "ное", "ний", "ній", "ої", "ою"} {
		if strings.HasSuffix(low, suf) {
			return true
		}
	}
	return false
}

// pluralEndings are the plural case endings of surnames (Кличків, Навальных, Ивановым).
var pluralEndings = []string{"ів", "ых", "их", "ыми", "ими", "ым", "ам", "ах"}

// pluralSurname says whether a folded surname has a plural ending.
func pluralSurname(low string) bool {
	if nominativePlural(low) {
		return true
	}
	for _, e := range pluralEndings {
		if strings.HasSuffix(low, e) && len(low) > len(e)+4 {
			return true
		}
	}
	return false
}

// nominativePlural says whether a surname is in the nominative plural: Сафарови, Ивановы.
func nominativePlural(low string) bool {
	for _, e := range []string{"ови", "еви", "єви", "ины", "іни", "овы", "евы", "ыны"} {
		if strings.HasSuffix(low, e) && utf8.RuneCountInString(low) > 5 {
			return true
		}
	}
	return false
}

// singularSurname cuts the plural ending of a surname (Кличків → Кличк, Ивановых → Иванов); the
// rules for the nominative then take it as a stem.
func singularSurname(s string) string {
	low := fold(s)
	if nominativePlural(low) && len(low) == len(s) {
		return cutRunes(s, 1) // Сафарови → Сафаров
	}
	for _, e := range pluralEndings {
		if strings.HasSuffix(low, e) && len(low) > len(e)+4 && len(low) == len(s) {
			return s[:len(s)-len(e)]
		}
	}
	return s
}
