package entities

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cyrTables holds the Russian and Ukrainian tables (data/*.cyr.*): read-only after loading.
type cyrTables struct {
	endings   map[string]bool        // case endings (endings.cyr.txt)
	maxEnding int                    // longest ending in runes
	places    map[string][]cyrPhrase // first word (a stem when starred) → phrases
	placeHead map[string]bool        // the first four bytes of every key of places (a quick no)
	firstName map[string]byte        // lower-case nominative first name → 'm' or 'f'
	english   map[string]string      // lower-case nominative first name → its English spelling
	titles    map[string]bool        // nameKey of title cue words
	verbs     map[string]bool        // lower-case speech verbs
	after     map[string]bool        // "по словам X": words after which a name follows
	person    map[string]bool        // titles only people hold (адвокат), without case endings
	nonPerson map[string]bool        // words of places and organisations (храм, университет), without case endings
	roman     map[string]map[rune]romanLetter
	sameFirst map[string][]int // variant key of a Latin first name → its lines in firstnames.equiv.txt
}

// cyrPhrase is a Cyrillic place phrase of places.cyr.tsv.
type cyrPhrase struct {
	words []cyrWord
	code  string
}

type cyrWord struct {
	text    string // lower case, ё as е
	stem    bool   // takes a case ending
	cut     bool   // a stem that is no word by itself: it needs an ending (Кита+: Китая, not Кита)
	anyCase bool   // written in lower case in the table: matches in any case
}

type romanLetter struct{ mid, start string }

// isCyrillic says whether a word starts with a Cyrillic letter.
func isCyrillic(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Cyrillic, r)
}

func loadCyrTables(t *tables) error {
	c := &cyrTables{endings: map[string]bool{}, places: map[string][]cyrPhrase{}, firstName: map[string]byte{}, english: map[string]string{},
		titles: map[string]bool{}, verbs: map[string]bool{}, after: map[string]bool{}, person: map[string]bool{}, nonPerson: map[string]bool{}, roman: map[string]map[rune]romanLetter{},
		sameFirst: map[string][]int{}}
	class := 0
	if err := readLines("firstnames.equiv.txt", func(line string) error {
		class++
		for _, w := range strings.Fields(line) {
			if k := variantKey(w); !slices.Contains(c.sameFirst[k], class) {
				c.sameFirst[k] = append(c.sameFirst[k], class)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("endings.cyr.txt", func(line string) error {
		for _, w := range strings.Fields(line) {
			c.endings[w] = true
			if n := utf8.RuneCountInString(w); n > c.maxEnding {
				c.maxEnding = n
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("places.cyr.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 2 {
			return fmt.Errorf("places.cyr.tsv: bad line %q", line)
		}
		if f[1] != "-" {
			if _, ok := t.countryName[f[1]]; !ok {
				return fmt.Errorf("places.cyr.tsv %q: unknown code %s", f[0], f[1])
			}
		}
		c.addPlace(f[0], f[1], true)
		return nil
	}); err != nil {
		return err
	}
	// the Russian names of world-countries and the Cyrillic names of i18n-iso-countries, after the
	// hand-kept table (whose entries win)
	genName := func(name, code string) {
		if _, ok := t.countryName[code]; !ok {
			return
		}
		words := strings.Fields(name)
		for i, w := range words {
			low := fold(w)
			// a stem of four letters or more takes case endings (Казахстане, Нігері); a shorter one
			// would be an ordinary word too (Мало is no form of Мали)
			if st := c.stemOf(low); st != low && utf8.RuneCountInString(st) >= 4 && len(st) <= len(w) {
				words[i] = w[:len(st)] + "+" // Китай → Кита+ (Китая, Китаю, but not Кита)
			} else if st == low && utf8.RuneCountInString(low) >= 5 {
				words[i] = w + "*"
			}
		}
		c.addPlace(strings.Join(words, " "), code, false)
	}
	if err := readLines("countries.gen.tsv", func(line string) error {
		if f := strings.Split(line, "\t"); len(f) == 3 && f[0] == "ru" {
			genName(f[2], f[1])
		}
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("countries.cyr.gen.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return fmt.Errorf("countries.cyr.gen.tsv: bad line %q", line)
		}
		genName(f[0], f[1])
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("firstnames.cyr.gen.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) == 2 && f[1] != "" {
			c.firstName[fold(f[0])] = f[1][0]
		}
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("firstnames.cyr.txt", func(line string) error {
		f := strings.Fields(line)
		if len(f) < 2 || (f[0] != "m" && f[0] != "f") {
			return fmt.Errorf("firstnames.cyr.txt: bad line %q", line)
		}
		for _, n := range f[1:] {
			n, en, _ := strings.Cut(n, "=")
			c.firstName[fold(n)] = f[0][0]
			if en != "" {
				c.english[fold(n)] = en
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("cues.cyr.txt", func(line string) error {
		f := strings.Fields(line)
		var m map[string]bool
		switch f[0] {
		case "title":
			m = c.titles
		case "verb":
			m = c.verbs
		case "after":
			m = c.after
		case "person":
			m = c.person
		case "nonperson":
			m = c.nonPerson
		default:
			return fmt.Errorf("cues.cyr.txt: bad line %q", line)
		}
		for _, w := range f[1:] {
			w = fold(w)
			if f[0] == "title" || f[0] == "person" || f[0] == "nonperson" {
				w = titleKey(w)
			}
			m[w] = true
		}
		return nil
	}); err != nil {
		return err
	}
	if err := readLines("romanize.cyr.tsv", func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return fmt.Errorf("romanize.cyr.tsv: bad line %q", line)
		}
		if len(f) == 2 {
			f = append(f, "") // dropped letters (ь, ъ, apostrophe): the tab at the end is trimmed
		}
		m := c.roman[f[0]]
		if m == nil {
			m = map[rune]romanLetter{}
			c.roman[f[0]] = m
		}
		r, _ := utf8.DecodeRuneInString(f[1])
		l := romanLetter{mid: f[2], start: f[2]}
		if len(f) > 3 && f[3] != "" {
			l.start = f[3]
		}
		m[r] = l
		return nil
	}); err != nil {
		return err
	}
	c.placeHead = map[string]bool{}
	for k := range c.places {
		if len(k) < 4 {
			return fmt.Errorf("places.cyr.tsv: %q is too short to be a place's first word", k)
		}
		c.placeHead[k[:4]] = true
	}
	t.cyr = c
	return nil
}

// addPlace adds a places.cyr.tsv phrase; hand-kept phrases (override) win over generated ones.
func (c *cyrTables) addPlace(text, code string, override bool) {
	var p cyrPhrase
	for _, w := range strings.Fields(text) {
		cw := cyrWord{}
		if strings.HasSuffix(w, "*") {
			cw.stem = true
			w = strings.TrimSuffix(w, "*")
		} else if strings.HasSuffix(w, "+") {
			cw.stem, cw.cut = true, true
			w = strings.TrimSuffix(w, "+")
		}
		r, _ := utf8.DecodeRuneInString(w)
		cw.anyCase = !unicode.IsUpper(r)
		cw.text = fold(w)
		p.words = append(p.words, cw)
	}
	if len(p.words) == 0 {
		return
	}
	p.code = code
	k := p.words[0].text
	for _, q := range c.places[k] {
		if len(q.words) == len(p.words) && q.words[0].stem == p.words[0].stem {
			same := true
			for i := range q.words {
				same = same && q.words[i].text == p.words[i].text
			}
			if same {
				return // the first (hand-kept) entry wins
			}
		}
	}
	c.places[k] = append(c.places[k], p)
	if w := p.words[0]; len(p.words) == 1 && w.stem && strings.HasSuffix(w.text, "г") {
		// the Ukrainian locative of a place in -г: Страсбурзі, Гамбурзі, Петербурзі
		alt := p
		alt.words = []cyrWord{w}
		alt.words[0].text = strings.TrimSuffix(w.text, "г") + "з"
		alt.words[0].cut = true
		c.places[alt.words[0].text] = append(c.places[alt.words[0].text], alt)
	}
	sort.SliceStable(c.places[k], func(i, j int) bool { return len(c.places[k][i].words) > len(c.places[k][j].words) })
}

// stemOf strips the longest case ending that leaves at least three letters.
func (c *cyrTables) stemOf(low string) string {
	n := utf8.RuneCountInString(low)
	for k := c.maxEnding; k >= 1; k-- {
		if n-k < 3 {
			continue
		}
		cut := len(low)
		for i := 0; i < k; i++ {
			_, size := utf8.DecodeLastRuneInString(low[:cut])
			cut -= size
		}
		if c.endings[low[cut:]] {
			return low[:cut]
		}
	}
	return low
}

// wordMatches says whether token t is the table word w, in any case form when w is a stem.
func (c *cyrTables) wordMatches(t *token, w cyrWord, first bool) bool {
	if !w.anyCase && !t.cap {
		return false
	}
	if !strings.HasPrefix(t.low, w.text) {
		return false
	}
	rest := t.low[len(w.text):]
	if rest == "" {
		return !w.cut
	}
	// a plural genitive of a capitalised place name is rare, a surname on it is not (Казанов,
	// Римов); after the first word it is common (Соединенных Штатов)
	if first && !w.anyCase && (rest == "ов" || rest == "ев" || rest == "ів") {
		return false
	}
	return w.stem && c.endings[rest]
}

// placeAt returns the number of tokens and the country code of the longest Cyrillic place phrase at
// token i ("-": a phrase that is not a country).
func (c *cyrTables) placeAt(toks []token, i int) (int, string) {
	t := &toks[i]
	low := t.low
	if len(low) >= 4 && !c.placeHead[low[:4]] {
		return 0, "" // no place starts so
	}
	// candidate stems: the word minus 0..maxEnding trailing letters
	cut := len(low)
	for k := 0; k <= c.maxEnding && cut > 0; k++ {
		for _, p := range c.places[low[:cut]] {
			if k > 0 && !p.words[0].stem {
				continue
			}
			if i+len(p.words) > len(toks) || !c.wordMatches(t, p.words[0], true) {
				continue
			}
			ok := true
			for wi := 1; wi < len(p.words) && ok; wi++ {
				nt := &toks[i+wi]
				ok = nt.kind == tkWord && c.wordMatches(nt, p.words[wi], false)
			}
			if ok {
				return len(p.words), p.code
			}
		}
		_, size := utf8.DecodeLastRuneInString(low[:cut])
		cut -= size
	}
	return 0, ""
}

// nameFold maps a lower-case Cyrillic name to one spelling for Russian and Ukrainian forms
// (і ї ы → и, є э → е, ґ → г, й → и), letter for letter.
func nameFold(r rune) rune {
	switch r {
	case 'і', 'ї', 'ы', 'й':
		return 'и'
	case 'є', 'э', 'ё':
		return 'е'
	case 'ґ':
		return 'г'
	}
	return r
}

// nameEndings are the case endings of people's names after nameFold, longest first.
var nameEndings = []string{"ого", "ому", "ими", "ові", "ои", "ою", "еи", "ею", "ом", "ем", "ии", "ая", "ую", "им", "ию", "ия", "а", "я", "у", "ю", "е", "и", "о"}

// nameSplit returns the nameFolded lower-case form of a name and the number of runes of its case
// ending (what nameKey strips).
func nameSplit(word string) (string, int) {
	f := strings.Map(func(r rune) rune { return nameFold(unicode.ToLower(r)) }, word)
	return f, nameEndLen(f)
}

// nameKey is the key shared by every case form of a Russian or Ukrainian name, in either language:
// Путин, Путина, Путіним → путин; Зеленский, Зеленського → зеленск.
func nameKey(word string) string {
	return nameKeyLow(fold(word))
}

// nameKeyLow is nameKey of a folded word (a token's low).
func nameKeyLow(low string) string {
	stem := low[:cutIndex(low, nameEndLen(low))]
	same := true
	for _, r := range stem {
		if r == 'ь' || r == 'ъ' || r == '\'' || nameFold(r) != r {
			same = false
			break
		}
	}
	if same {
		return stem
	}
	var b strings.Builder
	b.Grow(len(stem))
	for _, r := range stem {
		if r == 'ь' || r == 'ъ' || r == '\'' {
			continue
		}
		b.WriteRune(nameFold(r))
	}
	return b.String()
}

// titleKey is a title cue word without its case ending (президента, президентом → президент).
func titleKey(low string) string {
	return low[:cutIndex(low, nameEndLen(low))]
}

// cutRunes returns s without its last k runes.
func cutRunes(s string, k int) string {
	if cut := cutIndex(s, k); cut > 0 {
		return s[:cut]
	}
	return ""
}

// firstEnds are the nominative endings of first names tried after a case ending is cut.
var firstEnds = [...]string{"", "а", "я", "й", "ий", "ій", "ия", "ія", "о", "ь", "ей", "ы"}

// firstEndsFem is firstEnds for a word with a feminine case ending (femEnding): the nominative in
// -а or -я first.
var firstEndsFem = [...]string{"а", "я", "ия", "ія", "", "й", "ий", "ій", "о", "ь", "ей", "ы"}

// femEnding are case endings only feminine first names take (instrumental, Russian genitive).
var femEnding = map[string]bool{"ою": true, "ею": true, "єю": true, "ой": true, "ей": true, "ы": true}

// possessiveRests are what a surname made from a first name adds to its stem (Петров, Петрова,
// Сидорову, Ивановым): such a word is no case form of the first name.
var possessiveRests = map[string]bool{"ов": true, "ова": true, "ову": true, "овой": true, "овым": true, "овою": true,
	"овій": true, "ев": true, "ева": true, "еву": true, "евой": true, "евым": true, "ин": true, "ина": true,
	"ину": true, "иной": true, "иным": true, "ын": true, "ына": true}

// possessiveOf says whether low is a surname made from the first name nom (Петрова of Петро).
func possessiveOf(low, nom string) bool {
	stem := strings.TrimRight(nom, "аяоьйи")
	rest, ok := strings.CutPrefix(low, stem)
	return ok && possessiveRests[rest]
}

// firstNameOf returns the nominative of a Cyrillic first name in any case form and its gender
// ('m' or 'f'), or "" when the word is no known first name. low is the word's folded form.
func (c *cyrTables) firstNameOf(word, low string) (string, byte) {
	if g, ok := c.firstName[low]; ok {
		return word, g
	}
	if strings.HasSuffix(low, "ої") || strings.HasSuffix(low, "ого") || strings.HasSuffix(low, "ому") {
		return "", 0 // an adjective (Малої Токмачки), no case of a first name
	}
	k := nameEndLen(low)
	var buf [96]byte
	for _, k2 := range [3]int{k, k - 1, k + 1} {
		if k2 < 0 {
			continue
		}
		cut := cutIndex(low, k2)
		if cut <= 0 {
			continue
		}
		ends := firstEnds[:]
		if femEnding[low[cut:]] {
			ends = firstEndsFem[:] // Олександрою is Олександра, not Олександр
		}
		for _, end := range ends {
			if k2 == 0 && end == "" {
				continue
			}
			if k2 > 0 && strings.HasSuffix(low, "о") && end == "" {
				continue // no case of a first name ends in -о: Филиппо is no Филипп
			}
			b := append(append(buf[:0], low[:cut]...), end...)
			if g, ok := c.firstName[string(b)]; ok && !possessiveOf(low, string(b)) {
				if len(low) == len(word) {
					return word[:cut] + end, g
				}
				return string(b), g
			}
		}
	}
	if strings.Contains(low, "і") {
		// a Ukrainian spelling of a name the table has in Russian spelling (Наріман, Нариман)
		ru := strings.ReplaceAll(low, "і", "и")
		if name, g := c.firstNameOf(ru, ru); name != "" {
			return name, g
		}
	}
	return "", 0
}

// cutIndex returns the byte index of s without its last k runes (-1 if s is shorter).
func cutIndex(s string, k int) int {
	cut := len(s)
	for i := 0; i < k; i++ {
		if cut == 0 {
			return -1
		}
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
	}
	return cut
}

// nameEndingRunes are nameEndings as runes, for nameEndLen.
var nameEndingRunes = func() [][]rune {
	out := make([][]rune, len(nameEndings))
	for i, e := range nameEndings {
		out[i] = []rune(e)
	}
	return out
}()

// nameEndLen returns the number of runes of the case ending of a folded name (see nameEndings),
// leaving at least three letters.
func nameEndLen(low string) int {
	// the last three runes, nameFolded, last first
	var tail [3]rune
	nt, i := 0, len(low)
	for nt < 3 && i > 0 {
		r, size := utf8.DecodeLastRuneInString(low[:i])
		tail[nt] = nameFold(r)
		nt++
		i -= size
	}
	n := nt
	if i > 0 {
		n += utf8.RuneCountInString(low[:i])
	}
	for _, e := range nameEndingRunes {
		if len(e) > nt || n-len(e) < 3 {
			continue
		}
		ok := true
		for k := 0; k < len(e) && ok; k++ {
			ok = tail[k] == e[len(e)-1-k]
		}
		if ok {
			return len(e)
		}
	}
	return 0
}

// isPatronymic says whether a word is a Russian or Ukrainian patronymic in any case (Викторович,
// Сергеевича, Івановна, Петрівною): a patronymic ending on a known first name, so that surnames
// in -вич (Статкевич, Мацкевич) are not taken for one.
func (c *cyrTables) isPatronymic(low string) bool {
	for _, suf := range []string{"ьевич", "йович", "ович", "евич", "івич", "ьевн", "овн", "евн", "івн", "ївн", "иничн", "ичн"} {
		i := strings.LastIndex(low, suf)
		if i <= 0 || utf8.RuneCountInString(low[i+len(suf):]) > 3 {
			continue
		}
		base := low[:i]
		for _, end := range []string{"", "й", "ий", "а", "я", "о", "ій"} {
			if _, ok := c.firstName[base+end]; ok {
				return true
			}
		}
		return false
	}
	return false
}

// textLang guesses whether a Cyrillic text is Ukrainian ("uk") or Russian ("ru") from the letters
// only one of them uses.
func textLang(toks []token) string {
	uk, ru, turkic := 0, 0, 0
	for i := range toks {
		if toks[i].kind != tkWord || !isCyrillic(toks[i].text) {
			continue
		}
		for _, r := range toks[i].low {
			switch r {
			case 'і', 'ї', 'є', 'ґ':
				uk++
			case 'ы', 'э', 'ъ', 'ё':
				ru++
			case 'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'ӣ', 'ӯ', 'ҳ', 'ҷ':
				turkic++
			}
		}
	}
	switch {
	case turkic >= 3:
		return "kk" // Kazakh, Kyrgyz or Tajik: names are read with the Russian rules
	case uk > ru:
		return "uk"
	}
	return "ru"
}

// romanize writes a Cyrillic name in Latin letters by the language's standard system (BGN/PCGN
// for Russian, KMU 2010 for Ukrainian); each word starts with a capital.
func (c *cyrTables) romanize(name, lang string) string {
	m := c.roman[lang]
	if m == nil {
		m = c.roman["ru"] // Kazakh, Kyrgyz and Tajik names too
	}
	var b strings.Builder
	start := true
	prevVowel := false
	capNext := true
	rs := []rune(name)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		low := unicode.ToLower(r)
		l, ok := m[low]
		if !ok {
			b.WriteRune(r)
			start = !unicode.IsLetter(r)
			capNext = start
			prevVowel = false
			continue
		}
		s := l.mid
		if start || lang != "uk" && prevVowel && (low == 'е' || low == 'ё') {
			s = l.start
		}
		if lang == "uk" && low == 'з' && i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'г' {
			s = "zg" // зг → zgh
		}
		if capNext && s != "" {
			s = strings.ToUpper(s[:1]) + s[1:]
			capNext = false
		}
		b.WriteString(s)
		start = false
		prevVowel = strings.ContainsRune("аеёиоуыэюяіїєйъь", low)
	}
	return b.String()
}

// turkicSuffixes are Kazakh, Kyrgyz and Tajik case suffixes written on names (Путинмен,
// Тоқаевтың, Жапаровго), longest first.
var turkicSuffixes = []string{"менен", "бенен", "пенен", "мен", "бен", "пен", "нің", "ның", "дің", "дың", "тің", "тың",
	"нын", "нин", "дын", "дин", "тын", "тин", "нун", "нүн", "дун", "дүн", "тун", "түн", "дан", "ден", "тан", "тен",
	"нан", "нен", "дон", "дөн", "тон", "төн", "нон", "нөн", "ға", "ге", "қа", "ке", "га", "го", "гө", "ка", "ко", "кө",
	"ны", "ні", "ды", "ді", "ты", "ті", "ну", "нү", "ду", "дү", "ту", "тү", "да", "де", "та", "те", "ро"}

// turkicStem cuts a Kazakh, Kyrgyz or Tajik case suffix from a folded name, leaving at least four
// letters.
func turkicStem(low string) string {
	n := utf8.RuneCountInString(low)
	for _, suf := range turkicSuffixes {
		if strings.HasSuffix(low, suf) && n-utf8.RuneCountInString(suf) >= 4 {
			return low[:len(low)-len(suf)]
		}
	}
	return low
}
