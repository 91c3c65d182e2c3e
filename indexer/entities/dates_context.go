package entities

import (
	"strings"
	"time"
	"unicode/utf8"
)

// What the words around a day say about its year and its tense: a year given elsewhere in the
// sentence, a year named relative to publication ("прошлого года"), a weekday in a sentence about
// the future.

// futureCues before a weekday in the same sentence make it the next such day ("will meet on Friday").
var futureCues = map[string]bool{
	"will": true, "'ll": true, "shall": true, "scheduled": true, "due": true, "expected": true, "plans": true,
	"planned": true, "next": true, "upcoming": true, "set": true, "until": true, "tomorrow": true, "going": true,
}

// dateYear returns the year of a day written from token first to its month word at month, with
// token after right behind it: a year written after it ("21 октября 2025", "October 21, 2025") or
// before it ("2024 жылғы 16 желтоқсанда"), one named relative to publication ("прошлого года"),
// for a quoted day the one year its sentence gives, else that of a day dated earlier in the sentence.
func dateYear(toks []token, first, month, after int, m time.Month, d int, pub time.Time) (int, bool) {
	if y, ok := yearAfter(toks, after); ok {
		return y, true
	}
	if y, ok := yearBefore(toks, first); ok {
		return y, true
	}
	if !pub.IsZero() {
		if y, ok := relativeYear(toks, after, pub); ok {
			return y, true
		}
	}
	if toks[month].inQuote {
		if y, ok := sentenceYear(toks, month); ok {
			return y, true
		}
	}
	return earlierDateYear(toks, first, m, d)
}

// sentenceYear returns the year a sentence gives around a quoted day without one («9 ноября» …
// signed on 9 November 2020): the one year written in the same sentence, if there is exactly one.
func sentenceYear(toks []token, i int) (int, bool) {
	end := func(t *token) bool {
		return t.nl || t.kind == tkPunct && !t.inQuote && (t.text == "." || t.text == "!" || t.text == "?")
	}
	year := 0
	check := func(k int) bool { // false: a second, different year
		y, ok := yearNum(&toks[k])
		if ok && year != 0 && year != y {
			return false
		}
		if ok {
			year = y
		}
		return true
	}
	for k := i + 1; k < len(toks) && k-i < 80 && !end(&toks[k]); k++ {
		if !check(k) {
			return 0, false
		}
	}
	for k := i - 1; k >= 0 && i-k < 80 && !end(&toks[k]); k-- {
		if !check(k) {
			return 0, false
		}
	}
	return year, year > 0
}

// relativeYear reads a year named relative to the publication day after a day and month:
// "14 декабря прошлого года", "3 березня минулого року", "5 мая этого года", "1 січня наступного року".
func relativeYear(toks []token, i int, pub time.Time) (int, bool) {
	if i+1 >= len(toks) || toks[i].kind != tkWord || toks[i+1].kind != tkWord {
		return 0, false
	}
	if !strings.HasPrefix(toks[i+1].low, "год") && !strings.HasPrefix(toks[i+1].low, "рок") {
		return 0, false
	}
	switch w := toks[i].low; {
	case strings.HasPrefix(w, "прошл") || strings.HasPrefix(w, "минул") || strings.HasPrefix(w, "торішн"):
		return pub.Year() - 1, true
	case strings.HasPrefix(w, "позапрошл") || strings.HasPrefix(w, "позаминул"):
		return pub.Year() - 2, true
	case strings.HasPrefix(w, "эт") || strings.HasPrefix(w, "текущ") || strings.HasPrefix(w, "ць") || strings.HasPrefix(w, "поточн"):
		return pub.Year(), true
	case strings.HasPrefix(w, "следующ") || strings.HasPrefix(w, "наступн") || strings.HasPrefix(w, "будущ"):
		return pub.Year() + 1, true
	}
	return 0, false
}

// dayOf reads a day number token, 0 when it is none.
func dayOf(s string) int {
	d, _ := dayNum(s)
	return d
}

// nearDay says whether day d (YYYY-MM-DD) is within two weeks of the publication day.
func nearDay(d string, pub time.Time) bool {
	if pub.IsZero() {
		return false
	}
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return false
	}
	diff := t.Sub(pub)
	return diff > -14*24*time.Hour && diff < 14*24*time.Hour
}

// cyrFuture says whether a Russian or Ukrainian weekday at token i is about the future: after
// "следующий"/"наступний", or when the nearest verb of its sentence, after it or else before it, is
// in the future tense or names a plan ("в четверг состоится", "у середу суд розглядатиме"), not in
// the past ("в понедельник Лукашенко заявил, что … будет": the day is past).
func cyrFuture(toks []token, i int) bool {
	if i >= 1 && (strings.HasPrefix(toks[i-1].low, "следующ") || strings.HasPrefix(toks[i-1].low, "наступн") ||
		strings.HasPrefix(toks[i-1].low, "ближайш") || strings.HasPrefix(toks[i-1].low, "найближч")) {
		return true
	}
	end := func(t *token) bool {
		return t.nl || t.kind == tkPunct && (t.text == "." || t.text == "!" || t.text == "?")
	}
	// tense: 1 future, -1 past, 0 no verb
	tense := func(t *token) int {
		if t.kind != tkWord || t.cap {
			return 0
		}
		if cyrFutureWords[t.low] {
			return 1
		}
		for _, suf := range []string{"тиме", "тимуть", "тиметься", "тимуться", "тимемо"} {
			if strings.HasSuffix(t.low, suf) {
				return 1 // Ukrainian synthetic future: розглядатиме, відбуватиметься
			}
		}
		if pastVerb(t.low) {
			return -1
		}
		return 0
	}
	for k := i + 1; k < len(toks) && k-i < 15 && !end(&toks[k]); k++ {
		if v := tense(&toks[k]); v != 0 {
			return v > 0
		}
	}
	for k := i - 1; k >= 0 && i-k < 15 && !end(&toks[k]); k-- {
		if v := tense(&toks[k]); v != 0 {
			return v > 0
		}
		if toks[k].sent {
			break
		}
	}
	return false
}

// pastVerb says whether a lower-case Russian or Ukrainian word looks like a verb in the past
// tense (заявил, сообщила, провели, заявив, доручила, відбулася).
func pastVerb(low string) bool {
	if utf8.RuneCountInString(low) < 5 {
		return false
	}
	for _, suf := range []string{"лся", "лась", "лись", "лось", "лася", "лися", "ілася", "ила", "ала", "ела", "яла", "ыла",
		"или", "али", "ели", "яли", "ыли", "ил", "ал", "ел", "ял", "ыл", "ив", "ав", "яв"} {
		if strings.HasSuffix(low, suf) {
			return true
		}
	}
	return false
}

// weekdayAdjectives stand between в/у and a weekday.
var weekdayAdjectives = map[string]bool{"следующий": true, "следующую": true, "следующее": true, "ближайший": true,
	"ближайшую": true, "ближайшее": true, "этот": true, "эту": true, "это": true, "наступний": true, "наступну": true,
	"найближчий": true, "найближчу": true, "цей": true, "цю": true}

// cyrFutureWords are Russian and Ukrainian words of the future tense and of plans.
var cyrFutureWords = map[string]bool{
	"будет": true, "будут": true, "буду": true, "будем": true, "состоится": true, "состоятся": true,
	"пройдет": true, "пройдёт": true, "пройдут": true, "планирует": true, "планируют": true, "планируется": true,
	"намерен": true, "намерена": true, "намерены": true, "ожидается": true, "ожидаются": true, "проведет": true,
	"проведёт": true, "рассмотрит": true, "примет": true, "встретится": true, "встретятся": true, "начнется": true,
	"начнётся": true, "откроется": true, "соберется": true, "соберётся": true, "огласит": true, "вынесет": true,
	"буде": true, "будуть": true, "відбудеться": true, "відбудуться": true, "пройде": true, "пройдуть": true,
	"планує": true, "планують": true, "планується": true, "має": true, "мають": true, "очікується": true,
	"очікуються": true, "проведе": true, "розгляне": true, "ухвалить": true, "зустрінеться": true,
	"зустрінуться": true, "почнеться": true, "збереться": true, "зберуться": true, "оголосить": true,
	"винесе": true, "відкриється": true, "вирішить": true, "вирішуватиме": true,
	"собираются": true, "собирается": true, "збираються": true, "збирається": true,
	"готовятся": true, "готуються": true,
}

// earlierDateYear returns the year of a day written with its year earlier in the same sentence
// ("подписали 13 марта 2025 года, а уже 31 марта …", "signed on March 13, 2025, and on March 31"):
// a later day without a year is in that year. Only a year that completes a date counts, not a
// year alone ("с 2014 года").
func earlierDateYear(toks []token, i int, m time.Month, d int) (int, bool) {
	for k := i - 1; k >= 1 && i-k < 60; k-- {
		t := &toks[k]
		if t.kind == tkPunct && !t.inQuote && (t.text == "." || t.text == "!" || t.text == "?") {
			return 0, false
		}
		if y, ok := yearNum(t); ok {
			isMonth := func(j int) bool { return j >= 0 && toks[j].kind == tkWord && monthOf(toks[j].low) > 0 }
			// "13 марта 2025", "March 13, 2025"
			em, ed := time.Month(0), 0
			switch {
			case k >= 2 && isMonth(k-1) && toks[k-2].kind == tkNumber:
				em, ed = monthOf(toks[k-1].low), dayOf(toks[k-2].text)
			case k >= 3 && toks[k-1].text == "," && toks[k-2].kind == tkNumber && isMonth(k-3):
				em, ed = monthOf(toks[k-3].low), dayOf(toks[k-2].text)
			default:
				return 0, false // a year alone: "в 2024 году"
			}
			// "from 21 December 2024 to 19 July" runs into the next year: only a later day of
			// the same year takes it
			if m != 0 && (m < em || m == em && d < ed) {
				return 0, false
			}
			return y, true
		}
		if t.nl {
			return 0, false
		}
	}
	return 0, false
}
