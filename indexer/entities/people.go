package entities

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// particles join the parts of a name in lower case (Ursula von der Leyen, Bashar al-Assad).
var particles = map[string]bool{
	"von": true, "der": true, "van": true, "den": true, "de": true, "da": true, "di": true, "du": true,
	"dos": true, "das": true, "del": true, "la": true, "le": true, "ter": true, "zu": true, "al": true,
	"el": true, "bin": true, "ibn": true, "bint": true, "ben": true, "ul": true, "ud": true,
}

// speechVerbs next to a name show that it names a person ("..., Lavrov said").
var speechVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "added": true, "noted": true, "stressed": true, "wrote": true,
	"tweeted": true, "posted": true, "announced": true, "warned": true, "argued": true, "explained": true,
	"insisted": true, "claimed": true, "stated": true, "asked": true, "replied": true, "responded": true,
	"declared": true, "confirmed": true, "denied": true, "urged": true, "suggested": true, "commented": true,
	"recalled": true, "admitted": true, "vowed": true, "pledged": true, "accused": true, "criticized": true,
	"criticised": true, "praised": true, "thanked": true, "emphasized": true, "emphasised": true, "met": true,
	"visited": true, "signed": true, "called": true, "spoke": true, "acknowledged": true,
}

// surnameEndings are endings typical of the surnames of the region; a two- or three-word
// capitalised sequence ending in one is taken for a person's name.
var surnameEndings = []string{
	"ov", "ova", "ev", "eva", "yev", "yeva", "in", "ina", "sky", "skyy", "skiy", "ski", "ska", "skaya", "skaia",
	"enko", "chuk", "yuk", "iuk", "yan", "ian", "shvili", "dze", "ovic", "ović", "evic", "ević", "escu", "oglu",
	"oğlu", "zadeh", "zada", "bayev", "bekov", "uulu", "kyzy", "nejad", "pour", "far", "vich", "nko", "ich",
}

// rareWordRank: ordinary words less frequent than this may be surnames after a first name (Rice,
// Bush); frequent ones may not (Day, Full).
const rareWordRank = 2000

// piece is one candidate name: the tokens [start,end) with titles and ordinary words stripped.
type piece struct {
	start, end int
	titled     bool // a title or role word stands right in front
	honorific  bool // the title is written as part of the name ("Dr. Akbari", "President Biden")
}

// person is a group of mentions that name the same person in one text.
type person struct {
	forms  map[string]int // full-name spellings and how often each is used
	first  string         // variant key of the first name
	last   string         // variant key of the surname
	order  int            // first appearance
	tokens [][2]int       // token spans of every mention
}

func (p *person) canonical() string {
	best, bestN := "", -1
	for f, n := range p.forms {
		if n > bestN || n == bestN && (len(strings.Fields(f)) < len(strings.Fields(best)) || len(f) == len(best) && f < best) {
			best, bestN = f, n
		}
	}
	return best
}

// isTitle says whether a token is a title or role word; of a hyphenated word the last part counts
// (Prosecutor-General, ex-President).
func (e *Extractor) isTitle(t *token) bool {
	if t.kind != tkWord {
		return false
	}
	if e.t.titles[t.low] {
		return true
	}
	if i := strings.LastIndexByte(t.low, '-'); i > 0 && i+1 < len(t.low) {
		return e.t.titles[t.low[i+1:]]
	}
	return false
}

// titleModifiers are title words that make a title only together with the
// title word after them (Foreign Minister, Vice President, Press Secretary,
// Crown Prince): before anything else they are ordinary words, so "Foreign
// Agent" does not make a person called Agent.
var titleModifiers = map[string]bool{"foreign": true, "vice": true, "prime": true, "press": true, "crown": true, "state": true}

// titleAt says whether toks[i] is a title word in its place.
func (e *Extractor) titleAt(toks []token, i int) bool {
	t := &toks[i]
	if !e.isTitle(t) {
		return false
	}
	if !titleModifiers[t.low] {
		return true
	}
	return i+1 < len(toks) && e.isTitle(&toks[i+1])
}

// patronymics are lower-case words that end a Central Asian or Azerbaijani name (Tazhibek kyzy).
var patronymics = map[string]bool{"kyzy": true, "uulu": true, "ogly": true, "oglu": true, "qizi": true, "kizi": true, "ugli": true}

// arabicPrefix says whether a lower-case word is an Arabic article or particle joined by a hyphen
// to a capitalised name (al-Sharaa, el-Sisi, bin-Salman).
func arabicPrefix(s string) bool {
	for _, p := range []string{"al-", "el-", "ul-", "ad-", "as-", "ash-", "at-", "az-", "bin-", "ibn-", "abd-", "abu-"} {
		if strings.HasPrefix(s, p) && len(s) > len(p)+1 {
			c := s[len(p)]
			return c >= 'A' && c <= 'Z'
		}
	}
	return false
}

func (e *Extractor) isNonPerson(t *token) bool { return t.kind == tkWord && e.t.nonPerson[t.low] }

func (e *Extractor) isCommon(t *token) bool {
	_, ok := e.t.common[t.low]
	return ok
}

// firstName says whether a token is a first name: strong ones always, weak ones (Will, Hope)
// only away from the start of a sentence.
func (e *Extractor) firstName(t *token) bool {
	if t.kind != tkWord {
		return false
	}
	if e.t.notFirst[t.low] {
		return false
	}
	if t.fkey == "" {
		t.fkey = variantKey(firstPart(t.text))
	}
	k := t.fkey
	if e.t.firstNames[k] {
		return !t.title || !e.isCommon(t)
	}
	return e.t.weakFirst[k] && !t.sent && !t.title
}

// strongFirstName is a first name that is not also an ordinary word.
func (e *Extractor) strongFirstName(t *token) bool {
	return e.firstName(t) && !e.t.weakFirst[t.fkey] && !e.isCommon(t)
}

// firstPart is the part of a hyphenated first name before the hyphen (Qasym-Zhomart → Qasym).
func firstPart(s string) string {
	if i := strings.IndexAny(s, "-‐‑"); i > 0 {
		return s[:i]
	}
	return s
}

// nameToken says whether a token can be part of a capitalised name sequence.
func nameToken(t *token) bool {
	if t.kind != tkWord {
		return false
	}
	if t.text[0] >= 0xd0 && t.text[0] <= 0xd4 && isCyrillic(t.text) {
		return false // Cyrillic names: cyrPeople
	}
	if !t.cap {
		return arabicPrefix(t.text)
	}
	if t.upper || t.contr {
		return false // NATO, EU, RFE/RL, I'm
	}
	if (t.text == "I" || t.text == "A") && !t.dot {
		return false
	}
	// MPs, JPMorgan: a capital in second place makes an abbreviation, not a name
	if len(t.text) > 2 && t.text[1] >= 'A' && t.text[1] <= 'Z' {
		return false
	}
	// Gazprom-shareholder, Iran-backed: a hyphenated word ending in lower case is no name
	if i := strings.LastIndexAny(t.text, "-‐‑"); i > 0 && i+1 < len(t.text) {
		if c := t.text[i+1]; c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

// startsPlace says whether a country or place phrase starts at token i.
func (e *Extractor) startsPlace(toks []token, i, end int) bool {
	for _, p := range e.t.phrases[toks[i].low] {
		if i+len(p.words) <= end && p.code != "" && matchWords(toks, i, p) {
			return true
		}
	}
	return false
}

// pieces finds candidate person names in the tokens: capitalised sequences with titles, roles,
// organisation words and ordinary words stripped.
func (e *Extractor) pieces(toks []token) []piece {
	var out []piece
	for i := 0; i < len(toks); {
		if !nameToken(&toks[i]) {
			i++
			continue
		}
		j := i + 1
		if !toks[i].poss {
			for j < len(toks) {
				t := &toks[j]
				if t.sent || t.nl {
					break
				}
				// editorial brackets in quotes: "[Bashkortostan's head Radiy] Khabirov"
				if t.kind == tkPunct && t.text == "]" && j+1 < len(toks) && nameToken(&toks[j+1]) && !toks[j+1].nl {
					j++
					continue
				}
				if nameToken(t) {
					j++
					if t.poss {
						break
					}
					continue
				}
				// patronymic: Makhabat Tazhibek kyzy
				if t.kind == tkWord && patronymics[t.low] && j-i >= 2 {
					j++
					break
				}
				// particle followed by a capitalised word: von der Leyen
				if t.kind == tkWord && particles[t.low] {
					k := j
					for k < len(toks) && toks[k].kind == tkWord && particles[toks[k].low] && !toks[k].cap {
						k++
					}
					if k < len(toks) && k > j && nameToken(&toks[k]) && !toks[k].sent {
						j = k
						continue
					}
				}
				break
			}
		}
		out = e.splitSequence(toks, i, j, out)
		i = j
	}
	return out
}

// splitSequence cuts the capitalised sequence [s,e) into candidate names.
func (e *Extractor) splitSequence(toks []token, s, end int, out []piece) []piece {
	titled := s > 0 && e.titleAt(toks, s-1) && !toks[s-1].cap
	if s > 1 && toks[s-1].kind == tkPunct && toks[s-1].text == "," && e.titleAt(toks, s-2) {
		titled = true // "his spokesman, Dmitry Peskov"
	}
	start := s
	honorific := false
	for i := s; i < end; i++ {
		t := &toks[i]
		switch {
		case e.titleAt(toks, i):
			start, titled, honorific = i+1, true, true
		case e.isNonPerson(t):
			// an organisation's name: nothing before its last organisation word is a person
			start, titled, honorific = i+1, false, false
		case monthOf(t.low) > 0 || weekdayOf(t.low) >= 0:
			start, titled, honorific = i+1, false, false
		}
	}
	// within what is left, ordinary words separate names; a name may not start with one
	cur := -1
	flush := func(i int) {
		if cur >= 0 && i > cur {
			out = append(out, piece{start: cur, end: i, titled: titled && cur == start, honorific: honorific && cur == start})
		}
		cur = -1
	}
	for i := start; i < end; i++ {
		t := &toks[i]
		common := e.isCommon(t) && !e.firstName(t) && !(t.kind == tkWord && particles[t.low] && !t.cap)
		if cur < 0 {
			if common || (t.kind == tkWord && particles[t.low]) {
				if i == start {
					start = i + 1
				}
				continue
			}
			cur = i
			continue
		}
		if common {
			// an ordinary word may be a surname right after a first name (Condoleezza Rice, Gordon Brown)
			// and any ordinary word after an initial (George W. Bush)
			initial := i > cur && toks[i-1].dot && utf8.RuneCountInString(toks[i-1].text) == 1
			if i+1 == end && !t.title && (e.t.common[t.low] > rareWordRank || initial) && e.firstNamesBefore(toks, cur, i) {
				continue
			}
			flush(i)
			continue
		}
	}
	flush(end)
	return out
}

// firstNamesBefore says whether tokens [from,to) are first names and initials, the first of them a
// strong first name (George W. Bush).
func (e *Extractor) firstNamesBefore(toks []token, from, to int) bool {
	if !e.strongFirstName(&toks[from]) {
		return false
	}
	for k := from + 1; k < to; k++ {
		t := &toks[k]
		if !(e.firstName(t) || t.kind == tkWord && utf8.RuneCountInString(t.text) == 1 && t.cap) {
			return false
		}
	}
	return true
}

func hasSurnameEnding(s string) bool {
	low := fold(s)
	for _, end := range surnameEndings {
		if strings.HasSuffix(low, end) && len(low) > len(end)+2 {
			return true
		}
	}
	return false
}

// speechNear says whether a speech verb stands right after the name, or right before it.
func speechNear(toks []token, p piece) bool {
	if p.end < len(toks) && toks[p.end].kind == tkWord && speechVerbs[toks[p.end].low] {
		return true
	}
	if p.start > 0 && toks[p.start-1].kind == tkWord && (toks[p.start-1].low == "said" || toks[p.start-1].low == "says") {
		return true
	}
	if p.start > 1 && toks[p.start-1].low == "to" && toks[p.start-2].low == "according" {
		return true
	}
	return false
}

// isPersonName decides whether a piece of two or more words names a person.
func (e *Extractor) isPersonName(toks []token, p piece) bool {
	n := p.end - p.start
	if n < 2 || n > 5 {
		return false
	}
	first, last := &toks[p.start], &toks[p.end-1]
	// a place or country word at either end: "Moscow Vladimir", "Vladimir Oblast"
	if !p.titled && e.startsPlace(toks, p.start, p.end) && !e.firstName(first) {
		return false
	}
	if e.startsPlace(toks, p.end-1, p.end) {
		return false
	}
	if last.dot {
		return false // ends with an initial: not a full name
	}
	if p.titled || speechNear(toks, p) {
		return true
	}
	if e.firstName(first) && !e.t.weakFirst[first.fkey] {
		return true
	}
	if !e.isCommon(first) && !e.isCommon(last) && !e.t.notFirst[first.low] && hasSurnameEnding(last.text) {
		return true
	}
	_, known := e.aliasFor(last.text)
	return known && !e.isCommon(first) && !first.sent
}

// surnameKeys returns the variant keys a surname-only mention of this name may take:
// "Ursula von der Leyen" → "von der leyen", "leyen"; "Bashar al-Assad" → "al-assad", "assad".
func surnameKeys(words []string) []string {
	if len(words) < 2 {
		return nil
	}
	var keys []string
	// particles before the last word belong to the surname
	i := len(words) - 1
	for i > 1 && particles[fold(words[i-1])] {
		i--
	}
	if i < len(words)-1 {
		keys = append(keys, variantKey(strings.Join(words[i:], " ")))
	}
	last := words[len(words)-1]
	keys = append(keys, variantKey(last))
	low := fold(last)
	for _, pre := range []string{"al-", "el-", "ul-"} {
		if strings.HasPrefix(low, pre) && len(low) > len(pre)+1 {
			keys = append(keys, variantKey(last[len(pre):]))
		}
	}
	return keys
}

// people finds the people of a text, marks their tokens as claimed and returns canonical names.
func (e *Extractor) people(toks []token) []string {
	ps := e.pieces(toks)
	var groups []*person
	byFull := map[string]*person{}
	var singles []piece
	for _, p := range ps {
		if p.end-p.start == 1 {
			singles = append(singles, p)
			continue
		}
		if !e.isPersonName(toks, p) {
			// maybe a surname with ordinary capitalised words around it: try its single words later
			for i := p.start; i < p.end; i++ {
				singles = append(singles, piece{start: i, end: i + 1})
			}
			continue
		}
		words := make([]string, 0, p.end-p.start)
		for i := p.start; i < p.end; i++ {
			if toks[i].kind == tkWord {
				w := toks[i].text
				if toks[i].dot && utf8.RuneCountInString(w) == 1 {
					w += "." // an initial keeps its dot: George W. Bush
				}
				words = append(words, w)
			}
		}
		full := strings.Join(words, " ")
		fk, lk := variantKey(firstPart(words[0])), variantKey(words[len(words)-1])
		key := fk + "|" + lk
		g := byFull[key]
		if g == nil {
			g = &person{forms: map[string]int{}, first: fk, last: lk, order: p.start}
			byFull[key] = g
			groups = append(groups, g)
		}
		g.forms[full]++
		g.tokens = append(g.tokens, [2]int{p.start, p.end})
	}
	// surname index over the full names
	bySurname := map[string][]*person{}
	for _, g := range groups {
		seen := map[string]bool{}
		for f := range g.forms {
			for _, k := range surnameKeys(strings.Fields(f)) {
				if !seen[k] {
					seen[k] = true
					bySurname[k] = append(bySurname[k], g)
				}
			}
		}
	}
	extra := map[string]*person{} // surname-only people keyed by canonical name
	resolve := func(word string) (*person, bool) {
		k := variantKey(word)
		if gs := bySurname[k]; len(gs) > 0 {
			if len(gs) == 1 {
				return gs[0], true
			}
			return nil, true // ambiguous within the text: not a new person either
		}
		return nil, false
	}
	addExtra := func(name string, sp [2]int, order int) {
		// an alias target that the text writes in full joins that group
		ws := strings.Fields(name)
		if len(ws) >= 2 {
			if g := byFull[variantKey(firstPart(ws[0]))+"|"+variantKey(ws[len(ws)-1])]; g != nil {
				g.tokens = append(g.tokens, sp)
				return
			}
		}
		g := extra[name]
		if g == nil {
			g = &person{forms: map[string]int{name: 0}, order: order}
			extra[name] = g
		}
		g.forms[name]++
		g.tokens = append(g.tokens, sp)
	}
	for _, p := range singles {
		t := &toks[p.start]
		sp := [2]int{p.start, p.end}
		if g, ok := resolve(t.text); ok {
			if g != nil {
				g.tokens = append(g.tokens, sp)
			}
			continue
		}
		// Trump-Putin summit: each part on its own
		if strings.ContainsAny(t.text, "-‐‑") {
			for _, part := range strings.FieldsFunc(t.text, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' }) {
				if g, ok := resolve(part); ok && g != nil {
					g.tokens = append(g.tokens, sp)
				} else if !ok {
					if full, known := e.aliasFor(part); known {
						addExtra(full, sp, p.start)
					}
				}
			}
			continue
		}
		if e.startsPlace(toks, p.start, p.end) || e.isNonPerson(t) || e.isTitle(t) {
			continue
		}
		if full, known := e.aliasFor(t.text); known {
			addExtra(full, sp, p.start)
			continue
		}
		if p.honorific && !e.isCommon(t) && !e.firstName(t) {
			addExtra(t.text, sp, p.start)
		}
	}
	for _, g := range extra {
		groups = append(groups, g)
	}
	// full names a user alias maps to another canonical name
	out := make([]string, 0, len(groups))
	seen := map[string]bool{}
	for _, g := range groups {
		name := g.canonical()
		if target, ok := e.aliasFull(name); ok {
			name = target
		}
		for _, sp := range g.tokens {
			for i := sp[0]; i < sp[1]; i++ {
				toks[i].claimed = true
			}
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
