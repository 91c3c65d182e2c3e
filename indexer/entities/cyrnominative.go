package entities

import (
	"strings"
	"unicode/utf8"
)

// The nominative of a name from the case forms a text writes it in (Путина, Путину → Путин;
// Навальной → Навальная), with the gender the forms show.

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
