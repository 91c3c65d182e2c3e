package entities

import (
	"strings"
	"unicode/utf8"
)

// Finding the name mentions of a Cyrillic text: runs of capitalised words cut at places, titles
// and organisations, read as full names (a first name and a surname, in either order, a
// patronymic left out) or single words (surnames to resolve).

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
