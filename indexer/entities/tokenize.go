package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is what a token is made of.
type tokKind uint8

const (
	tkWord tokKind = iota
	tkNumber
	tkPunct
)

// token is one word, number or punctuation mark of the text.
type token struct {
	text    string // surface form; a possessive 's and a trailing abbreviation dot are not part of it
	low     string // lower-cased, accents folded, curly apostrophes made straight
	kind    tokKind
	cap     bool   // first letter is upper case
	upper   bool   // every letter is upper case (and there are at least two)
	poss    bool   // followed by a possessive 's / ’s / '
	dot     bool   // an abbreviation or initial dot followed directly ("Oct.", "Dr.", "F.")
	sent    bool   // first word of a sentence, line or quotation
	nl      bool   // a line break precedes it
	inQuote bool   // inside a direct quotation
	title   bool   // in a title-case headline line (most words capitalised)
	contr   bool   // a contraction (I'm, Don't): never a name
	fkey    string // variant key of the word before any hyphen; set on first use by firstName
	claimed bool   // part of a person's name: not a country or a date
}

// contraction endings after an apostrophe: I'm, we're, they've, she'll, he'd, don't.
var contraction = map[string]bool{"m": true, "re": true, "ve": true, "ll": true, "d": true, "t": true}

// abbreviations after which a dot does not end a sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true, "col": true, "maj": true,
	"capt": true, "sgt": true, "adm": true, "sen": true, "rep": true, "gov": true, "st": true, "jr": true, "sr": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "no": false, "vs": true, "etc": false, "ft": true, "mt": true,
}

func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	case r >= 0x400 && r <= 0x45f:
		return true // Cyrillic letters
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// caseOf says whether a letter is upper case (1), lower case (-1) or neither (0), with fast paths
// for ASCII and the basic Cyrillic block.
func caseOf(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return -1
	case r >= 'A' && r <= 'Z':
		return 1
	case r < utf8.RuneSelf:
		return 0
	case r >= 0x400 && r <= 0x42f:
		return 1
	case r >= 0x430 && r <= 0x45f:
		return -1
	case unicode.IsUpper(r):
		return 1
	case unicode.IsLower(r):
		return -1
	}
	return 0
}

func isApos(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' }

func isDash(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

func isRangeDash(r rune) bool {
	return r == '-' || r == '–' || r == '—' || r == '‐' || r == '‑'
}

// tokenize splits text into tokens in one pass. It marks sentence starts, line breaks,
// quotations, capitalisation, possessives and abbreviation dots.
func tokenize(text string, toks []token) []token {
	toks = toks[:0]
	sent, nl := true, true
	quote := false
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			sent, nl, quote = true, true, false
			i += size
			continue
		case r == ' ' || r == '\t' || r >= utf8.RuneSelf && !(r >= 0x400 && r <= 0x45f) && unicode.IsSpace(r):
			i += size
			continue
		case unicode.IsDigit(r):
			j := scanNumber(text, i)
			toks = append(toks, token{text: text[i:j], low: text[i:j], kind: tkNumber, sent: sent, nl: nl, inQuote: quote})
			sent, nl = false, false
			i = j
			continue
		case isWordRune(r):
			j := scanWord(text, i)
			w := text[i:j]
			t := token{kind: tkWord, sent: sent, nl: nl, inQuote: quote}
			// possessive: Putin's, Putin’s, Reuters'
			if n := len(w); n > 2 {
				lr, ls := utf8.DecodeLastRuneInString(w)
				if lr == 's' || lr == 'S' {
					pr, ps := utf8.DecodeLastRuneInString(w[:n-ls])
					if isApos(pr) {
						w = w[:n-ls-ps]
						t.poss = true
					}
				}
			}
			if j < len(text) && !t.poss {
				nr, ns := utf8.DecodeRuneInString(text[j:])
				if isApos(nr) && strings.HasSuffix(w, "s") && (j+ns >= len(text) || !isWordRune(firstRune(text[j+ns:]))) {
					t.poss = true
					j += ns
				}
			}
			if k := lastApos(w); k > 0 && contraction[strings.ToLower(w[k+runeLen(w[k:]):])] {
				t.contr = true
			}
			t.text = w
			t.low = fold(w)
			first, _ := utf8.DecodeRuneInString(w)
			t.cap = caseOf(first) == 1
			t.upper = isAllUpper(w)
			// abbreviation or initial dot: "Oct.", "Dr.", "F."
			if j < len(text) && text[j] == '.' && !t.poss {
				if abbrevs[t.low] || (utf8.RuneCountInString(w) == 1 && t.cap) {
					t.dot = true
					j++
				}
			}
			toks = append(toks, t)
			sent, nl = false, false
			i = j
			continue
		}
		// punctuation
		switch r {
		case '"', '«', '»', '„':
			if r == '«' || r == '„' {
				quote = true
			} else if r == '»' {
				quote = false
			} else {
				quote = !quote
			}
			sent = true
		case '“':
			quote = true
			sent = true
		case '”':
			quote = false
		case '.', '!', '?', ':', ';':
			sent = true
		case '(', '[':
			sent = true
		}
		toks = append(toks, token{text: text[i : i+size], low: text[i : i+size], kind: tkPunct, nl: nl, inQuote: quote})
		nl = false
		i += size
	}
	markTitleLines(toks)
	return toks
}

// markTitleLines flags the tokens of title-case lines ("Romania Tells Expats Not To Come Home"):
// four or more words and at least three in four of them capitalised.
func markTitleLines(toks []token) {
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && (i == start || !toks[i].nl) {
			continue
		}
		words, caps := 0, 0
		for k := start; k < i; k++ {
			if toks[k].kind == tkWord {
				words++
				if toks[k].cap {
					caps++
				}
			}
		}
		if words >= 4 && caps*4 >= words*3 {
			for k := start; k < i; k++ {
				toks[k].title = true
			}
		}
		start = i
	}
}

// lastApos returns the index of the last ' or ’ in w, or -1.
func lastApos(w string) int {
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] == '\'' {
			return i
		}
		if w[i] == 0x99 && i >= 2 && w[i-1] == 0x80 && w[i-2] == 0xe2 {
			return i - 2
		}
	}
	return -1
}

func runeLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// singleLetterAt says whether the word at k is one letter long (the S of U.S.).
func singleLetterAt(text string, k int) bool {
	_, size := utf8.DecodeRuneInString(text[k:])
	return k+size >= len(text) || !isWordRune(firstRune(text[k+size:]))
}

// scanWord returns the end of the word starting at i: letters and digits, joined by single
// hyphens or apostrophes followed by a letter (al-Assad, O'Brien, Qasym-Zhomart), and
// letter-dot-letter abbreviations (U.S., D.C.).
func scanWord(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		if (isDash(r) || isApos(r) || r == '.' || r == '/') && j > i && j+size < len(text) {
			nr, _ := utf8.DecodeRuneInString(text[j+size:])
			if r == '.' {
				// U.S. / D.C.: a single letter before and a single letter + dot after
				// (not an initial before a surname: А.Лукашенко)
				pr, _ := utf8.DecodeLastRuneInString(text[i:j])
				if unicode.IsUpper(pr) && unicode.IsUpper(nr) && singleLetterBefore(text, i, j) && singleLetterAt(text, j+size) {
					j += size
					continue
				}
				break
			}
			if r == '/' {
				// RFE/RL
				if unicode.IsUpper(nr) && isAllUpper(text[i:j]) {
					j += size
					continue
				}
				break
			}
			if isApos(r) && (nr == 's' || nr == 'S') {
				// possessive unless more letters follow (O'Sullivan)
				k := j + size + 1
				if k >= len(text) || !isWordRune(firstRune(text[k:])) {
					j = k
					break
				}
			}
			if unicode.IsLetter(nr) {
				j += size
				continue
			}
		}
		break
	}
	// U.S. takes its final dot
	if j < len(text) && text[j] == '.' && j-i >= 3 && text[j-2] == '.' {
		j++
	}
	return j
}

func singleLetterBefore(text string, i, j int) bool {
	_, size := utf8.DecodeLastRuneInString(text[i:j])
	k := j - size
	if k == i {
		return true
	}
	return text[k-1] == '.'
}

// scanNumber returns the end of the number starting at i: digits joined by . , / - – : when a digit
// follows (21.10.2025, 2025-10-21, 1,000, 22-24), and an ordinal suffix (21st).
func scanNumber(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsDigit(r) {
			j += size
			continue
		}
		if r == '.' || r == ',' || r == '/' || r == ':' || isRangeDash(r) {
			if j+size < len(text) && unicode.IsDigit(firstRune(text[j+size:])) {
				j += size
				continue
			}
		}
		break
	}
	// ordinal suffix
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasPrefix(text[j:], suf) && (j+2 >= len(text) || !isWordRune(firstRune(text[j+2:]))) {
			return j + 2
		}
	}
	return j
}

func isAllUpper(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// fold lower-cases s, removes accents and makes apostrophes straight ("Orbán’s" → "orban's").
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	if low, ok := foldCyrillic(s); ok {
		return low
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
			continue
		}
		if r >= 0x400 && r <= 0x45f {
			// basic Cyrillic: lower case, ё written е
			switch {
			case r == 'ё' || r == 'Ё':
				r = 'е'
			case r <= 0x40f:
				r += 0x50
			case r <= 0x42f:
				r += 0x20
			}
			b.WriteRune(r)
			continue
		}
		if isApos(r) {
			b.WriteByte('\'')
			continue
		}
		if unicode.IsMark(r) {
			continue
		}
		if base, ok := accentBase[r]; ok {
			b.WriteString(base)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// accentBase maps accented Latin letters to their base letters (upper and lower case).
var accentBase = func() map[rune]string {
	m := map[rune]string{}
	add := func(base string, rs string) {
		for _, r := range rs {
			m[r] = base
			m[unicode.ToUpper(r)] = base
		}
	}
	add("a", "àáâãäåāăąǎ")
	add("c", "çćĉċč")
	add("d", "ďđ")
	add("e", "èéêëēĕėęěə")
	add("g", "ĝğġģ")
	add("h", "ĥħḩ")
	add("i", "ìíîïĩīĭįı")
	add("j", "ĵ")
	add("k", "ķ")
	add("l", "ĺļľŀł")
	add("n", "ñńņňŉ")
	add("o", "òóôõöøōŏő")
	add("r", "ŕŗř")
	add("s", "śŝşšș")
	add("t", "ţťŧț")
	add("u", "ùúûüũūŭůűų")
	add("w", "ŵ")
	add("y", "ýÿŷ")
	add("z", "źżž")
	m['ß'] = "ss"
	m['æ'] = "ae"
	m['Æ'] = "ae"
	m['œ'] = "oe"
	m['Œ'] = "oe"
	m['İ'] = "i"
	return m
}()

// foldCyrillic is fold for a word of basic Cyrillic letters (U+0400–U+045F) and ASCII lower-case
// letters and digits: without allocating when it is already in lower case without ё. ok is false
// for any other word.
func foldCyrillic(s string) (string, bool) {
	change := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-':
		case c == 0xd0 && i+1 < len(s):
			if n := s[i+1]; n >= 0x80 && n <= 0xaf {
				change = true // capitals Ѐ–Я
			}
			i++
		case c == 0xd1 && i+1 < len(s):
			if s[i+1] == 0x91 {
				change = true // ё
			}
			i++
		default:
			return "", false
		}
	}
	if !change {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			b = append(b, c)
			continue
		}
		n := s[i+1]
		i++
		switch {
		case c == 0xd0 && n == 0x81, c == 0xd1 && n == 0x91: // Ё ё → е
			b = append(b, 0xd0, 0xb5)
		case c == 0xd0 && n >= 0x80 && n <= 0x8f: // Ѐ–Џ → ѐ–џ
			b = append(b, 0xd1, n+0x10)
		case c == 0xd0 && n >= 0x90 && n <= 0x9f: // А–П → а–п
			b = append(b, 0xd0, n+0x20)
		case c == 0xd0 && n >= 0xa0 && n <= 0xaf: // Р–Я → р–я
			b = append(b, 0xd1, n-0x20)
		default:
			b = append(b, c, n)
		}
	}
	return string(b), true
}
