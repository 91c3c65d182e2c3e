package entities

import "strings"

// variantKey folds a name to a key shared by its usual transliteration variants:
// Zelensky/Zelenskyy/Zelenskiy, Sergey/Sergei, Alexei/Aleksei, Navalny/Navalnyy, Qasym/Kassym,
// Mikhail/Mihail. It compares names; it is never shown.
func variantKey(name string) string {
	s := fold(name)
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9':
		case c == ' ':
		case c >= 0x80:
			// keep non-Latin bytes as they are (Cyrillic names)
		default:
			continue // apostrophes, hyphens, dots
		}
		switch c {
		case 'x':
			b.WriteString("ks")
			continue
		case 'q':
			c = 'k'
		case 'y', 'j':
			c = 'i'
		case 'w':
			c = 'v'
		}
		if c == 'h' && b.Len() > 0 {
			// kh → k, ph → f, zh/sh/ch kept distinct by dropping only after k and p
			last := b.String()[b.Len()-1]
			if last == 'k' {
				continue
			}
			if last == 'p' {
				str := b.String()
				b.Reset()
				b.WriteString(str[:len(str)-1])
				b.WriteByte('f')
				continue
			}
		}
		// collapse doubled letters (Kassym/Kasym, Zelenskii/Zelenski)
		if b.Len() > 0 && b.String()[b.Len()-1] == c && c != ' ' {
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
