package entities

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

var monthNames = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
	"nov": 11, "dec": 12,
	// Russian (genitive and nominative)
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
	"сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	// Ukrainian (genitive)
	"січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
	"вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
	// Belarusian (genitive)
	"студзеня": 1, "лютага": 2, "сакавіка": 3, "красавіка": 4, "чэрвеня": 6, "ліпеня": 7, "жніўня": 8,
	"верасня": 9, "кастрычніка": 10, "лістапада": 11, "снежня": 12,
}

// cyrillicMonth says whether a month word is Russian, Ukrainian or Belarusian (written in lower case).
func cyrillicMonth(low string) bool { return low != "" && low[0] >= 0x80 }

func monthOf(low string) time.Month {
	return monthNames[low]
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	// Russian and Ukrainian, as written after в / у ("в понедельник", "у понеділок")
	"понедельник": time.Monday, "вторник": time.Tuesday, "среду": time.Wednesday, "четверг": time.Thursday,
	"пятницу": time.Friday, "субботу": time.Saturday, "воскресенье": time.Sunday,
	"понеділок": time.Monday, "вівторок": time.Tuesday, "середу": time.Wednesday, "четвер": time.Thursday,
	"п'ятницю": time.Friday, "суботу": time.Saturday, "неділю": time.Sunday,
}

// relativeDays are the words for today, yesterday and tomorrow in English, Russian and Ukrainian
// (days from the publication date).
var relativeDays = map[string]int{"today": 0, "yesterday": -1, "tomorrow": 1,
	"сегодня": 0, "сьогодні": 0, "вчера": -1, "вчора": -1, "завтра": 1, "позавчера": -2, "позавчора": -2}

func weekdayOf(low string) time.Weekday {
	if d, ok := weekdayNames[low]; ok {
		return d
	}
	return -1
}

// dayNum parses a day number token: "21", "21st". ok is false for anything else.
func dayNum(s string) (int, bool) {
	s = strings.TrimRight(s, "stndrh")
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

// dayRange parses "22-24" / "22–24" (also "21st"); b is 0 when there is no range.
func dayRange(s string) (a, b int, ok bool) {
	for i, r := range s {
		if isRangeDash(r) {
			x, ok1 := dayNum(s[:i])
			_, size := firstRuneSize(s[i:])
			y, ok2 := dayNum(s[i+size:])
			if ok1 && ok2 && y > x {
				return x, y, true
			}
			return 0, 0, false
		}
	}
	x, ok := dayNum(s)
	return x, 0, ok
}

func firstRuneSize(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}

// yearNum parses a four-digit year between 1900 and 2100.
func yearNum(t *token) (int, bool) {
	if t.kind != tkNumber || len(t.text) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(t.text)
	if err != nil || y < 1900 || y > 2100 {
		return 0, false
	}
	return y, true
}

// dateSet collects resolved days: true for a day written with its year (or a relative day),
// false for one whose year was guessed from the publication date.
type dateSet map[string]bool

func (ds dateSet) add(y int, m time.Month, d int) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != m || t.Day() != d {
		return // February 30
	}
	ds[t.Format("2006-01-02")] = true
}

// addNoYear resolves a day without a year to the year that puts it nearest the publication date.
func (ds dateSet) addNoYear(m time.Month, d int, pub time.Time) {
	if pub.IsZero() {
		return
	}
	var best time.Time
	bestDiff := time.Duration(1 << 62)
	for _, y := range []int{pub.Year() - 1, pub.Year(), pub.Year() + 1} {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			continue
		}
		diff := t.Sub(pub)
		if diff < 0 {
			diff = -diff
		}
		if diff < bestDiff {
			best, bestDiff = t, diff
		}
	}
	if best.IsZero() {
		return
	}
	if k := best.Format("2006-01-02"); !ds[k] {
		ds[k] = false // resolved, not written: dropped if the text writes the day with a year
	}
}

// dates finds the calendar days of a text; pub (zero: unknown) resolves missing years and
// relative days.
func (e *Extractor) dates(toks []token, pub time.Time) []string {
	ds := dateSet{}
	if !pub.IsZero() {
		pub = time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	}
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		switch t.kind {
		case tkNumber:
			if n := e.numericDate(toks, i, ds, pub); n > 0 {
				i += n - 1
			}
		case tkWord:
			if t.claimed {
				continue
			}
			if m := monthOf(t.low); m > 0 {
				e.monthDay(toks, i, m, ds, pub)
				continue
			}
			if i > 0 && (toks[i-1].kind == tkNumber || toks[i-1].text == "-") {
				if m := suffixedMonth(t.low); m > 0 {
					e.monthDay(toks, i, m, ds, pub)
					continue
				}
			}
			if !pub.IsZero() {
				e.relativeDay(toks, i, ds, pub)
			}
		}
	}
	out := make([]string, 0, len(ds))
	withYear := map[string]bool{} // month-day of the days written with a year
	for d, explicit := range ds {
		if explicit {
			withYear[d[4:]] = true
		}
	}
	for d, explicit := range ds {
		// a day written without a year that the text also writes with one is that day, unless
		// it falls near the publication day ("24 лютого 2022" and, at the anniversary, "24 лютого")
		if !explicit && withYear[d[4:]] && !nearDay(d, pub) {
			continue
		}
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// monthWordOK says whether a month word is written as a month: capitalised English ("May", not
// the modal "may"), the others in lower case.
func monthWordOK(t *token) bool {
	if cyrillicMonth(t.low) || monthNames[t.low] == 0 && suffixedMonth(t.low) > 0 {
		return true // Uzbek Latin months are written in lower case too
	}
	return t.cap && !t.upper || t.upper && len(t.text) > 3
}

// monthDay handles "October 21", "Oct. 21, 2025", "August 22-24" at a month word.
func (e *Extractor) monthDay(toks []token, i int, m time.Month, ds dateSet, pub time.Time) {
	t := &toks[i]
	if !monthWordOK(t) {
		return
	}
	// "21 October" / "22-24 August" / "21 октября" / "17-го октября": the day comes first
	dayAt := i - 1
	if cyrillicMonth(t.low) && i >= 3 && toks[i-1].kind == tkWord && ordinalSuffix[toks[i-1].low] && toks[i-2].text == "-" {
		dayAt = i - 3
	}
	// "5-мартта", "5-mart": a hyphen after the day (Kyrgyz, Uzbek)
	if i >= 2 && toks[i-1].text == "-" && toks[i-2].kind == tkNumber && suffixedMonth(t.low) > 0 {
		dayAt = i - 2
	}
	if dayAt >= 0 && toks[dayAt].kind == tkNumber {
		if a, b, ok := dayRange(toks[dayAt].text); ok {
			// "3/ 21 October" is no date, but a day starting a sentence or a line is
			if dayAt >= 1 && !toks[dayAt].sent && !toks[dayAt].nl && toks[dayAt-1].kind == tkPunct && (toks[dayAt-1].text == "/" || toks[dayAt-1].text == ".") {
				return
			}
			y, hasYear := dateYear(toks, dayAt, i, i+1, m, a, pub)
			// "2 и 3 апреля", "2, 3 та 4 квітня": every day of the list
			for k := dayAt; k >= 2 && toks[k-1].kind != tkNumber && (toks[k-1].text == "," || andWords[toks[k-1].low]) && toks[k-2].kind == tkNumber; k -= 2 {
				x, ok := dayNum(toks[k-2].text)
				if !ok {
					break
				}
				e.emit(ds, y, hasYear, m, x, 0, pub)
			}
			// "3 – 4 марта", "22 — 24 August": a spaced dash, both ends
			if b == 0 && dayAt >= 2 && toks[dayAt-1].kind == tkPunct && isRangeDash(firstRune(toks[dayAt-1].text)) && toks[dayAt-2].kind == tkNumber {
				if x, ok := dayNum(toks[dayAt-2].text); ok && x < a {
					e.emit(ds, y, hasYear, m, x, 0, pub)
				}
			}
			// "с 1 по 3 июня", "з 1 по 3 червня", "от 5 до 7 марта": both ends
			if b == 0 && dayAt >= 3 && toks[dayAt-1].kind == tkWord && (toks[dayAt-1].low == "по" || toks[dayAt-1].low == "до") &&
				toks[dayAt-2].kind == tkNumber && toks[dayAt-3].kind == tkWord && rangeFrom[toks[dayAt-3].low] {
				if x, ok := dayNum(toks[dayAt-2].text); ok && x < a {
					e.emit(ds, y, hasYear, m, x, 0, pub)
				}
			}
			e.emit(ds, y, hasYear, m, a, b, pub)
			return
		}
	}
	if cyrillicMonth(t.low) || i+1 >= len(toks) || toks[i+1].kind != tkNumber {
		return
	}
	a, b, ok := dayRange(toks[i+1].text)
	if !ok {
		return
	}
	// "May 2025" is a month, "March 3:15" a time, "May 5%" a number
	if i+2 < len(toks) {
		nx := &toks[i+2]
		if nx.kind == tkPunct && (nx.text == "%" || nx.text == ":") {
			return
		}
		if nx.kind == tkWord && (nx.low == "percent" || nx.low == "per" || nx.low == "million" || nx.low == "billion") {
			return
		}
	}
	if m == time.May && i > 0 && toks[i-1].kind == tkWord && !toks[i-1].cap && modalBefore[toks[i-1].low] {
		return
	}
	y, hasYear := dateYear(toks, i, i, i+2, m, a, pub)
	e.emit(ds, y, hasYear, m, a, b, pub)
}

// andWords join the days of a list ("2 и 3 апреля", "2 та 3 квітня", "2 and 3 April").
var andWords = map[string]bool{"и": true, "та": true, "і": true, "й": true, "and": true}

// rangeFrom are the words that open a day range ("с 1 по 3 июня").
var rangeFrom = map[string]bool{"с": true, "со": true, "з": true, "із": true, "от": true, "від": true}

// ordinalSuffix are the Russian and Ukrainian endings written after a day number ("17-го октября").
var ordinalSuffix = map[string]bool{"го": true, "е": true, "ого": true, "те": true, "ге": true}

// modalBefore are words after which "May" is the verb, even when capitalised in a headline.
var modalBefore = map[string]bool{"it": true, "they": true, "we": true, "you": true, "he": true, "she": true, "i": true, "which": true, "that": true, "who": true}

// yearAfter reads an optional year at token i, after an optional comma.
func yearAfter(toks []token, i int) (int, bool) {
	if i < len(toks) && toks[i].kind == tkPunct && toks[i].text == "," {
		i++
	}
	if i+1 < len(toks) && (toks[i].low == "соли" || toks[i].low == "йили" || toks[i].low == "yili") {
		i++ // Tajik "12 майи соли 2023", Uzbek "3 апрель йили 2024"
	}
	if i < len(toks) {
		if y, ok := yearNum(&toks[i]); ok {
			return y, true
		}
	}
	return 0, false
}

func (e *Extractor) emit(ds dateSet, y int, hasYear bool, m time.Month, a, b int, pub time.Time) {
	for _, d := range []int{a, b} {
		if d == 0 {
			continue
		}
		if hasYear {
			ds.add(y, m, d)
		} else {
			ds.addNoYear(m, d, pub)
		}
	}
}

// numericDate handles 21.10.2025, 2025-10-21 and 10/21/2025 number tokens; it returns the
// number of tokens used.
func (e *Extractor) numericDate(toks []token, i int, ds dateSet, pub time.Time) int {
	s := toks[i].text
	var parts []string
	var sep byte
	for _, c := range []byte{'.', '-', '/'} {
		if strings.Count(s, string(c)) == 2 {
			parts, sep = strings.Split(s, string(c)), c
			break
		}
	}
	if len(parts) != 3 {
		return 0
	}
	nums := make([]int, 3)
	for k, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0
		}
		nums[k] = n
	}
	switch {
	case sep == '-' && len(parts[0]) == 4 && len(parts[1]) == 2 && len(parts[2]) == 2:
		if nums[0] >= 1900 && nums[0] <= 2100 && nums[1] >= 1 && nums[1] <= 12 {
			ds.add(nums[0], time.Month(nums[1]), nums[2])
		}
	case sep == '.' && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) == 2:
		if nums[2] >= 1900 && nums[2] <= 2100 && nums[1] >= 1 && nums[1] <= 12 {
			ds.add(nums[2], time.Month(nums[1]), nums[0])
		}
	case sep == '/' && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		// American month/day/year unless the first number cannot be a month
		mo, d := nums[0], nums[1]
		if mo > 12 {
			mo, d = d, mo
		}
		if nums[2] >= 1900 && nums[2] <= 2100 && mo >= 1 && mo <= 12 {
			ds.add(nums[2], time.Month(mo), d)
		}
	}
	return 1
}

// relativeDay resolves "today", "yesterday", "tomorrow" and weekdays ("on Monday", "last Friday")
// in narrative text; quotations are skipped since their speaking day is unknown.
func (e *Extractor) relativeDay(toks []token, i int, ds dateSet, pub time.Time) {
	t := &toks[i]
	if t.inQuote {
		return
	}
	add := func(d time.Time) { ds.add(d.Year(), d.Month(), d.Day()) }
	if d, ok := relativeDays[t.low]; ok {
		add(pub.AddDate(0, 0, d))
		return
	}
	wd := weekdayOf(t.low)
	if wd < 0 {
		return
	}
	if isCyrillic(t.text) {
		// "в понедельник", "у понеділок"; not "в четверг, 5 сентября" (the date says it)
		at := i - 1
		if at >= 1 && weekdayAdjectives[toks[at].low] {
			at-- // "в следующий понедельник", "у цю п'ятницю"
		}
		if at < 0 || toks[at].kind != tkWord || (toks[at].low != "в" && toks[at].low != "во" && toks[at].low != "у") {
			return
		}
		if i+3 < len(toks) && toks[i+1].text == "," && toks[i+2].kind == tkNumber && monthOf(toks[i+3].low) > 0 {
			return
		}
		if cyrFuture(toks, i) {
			// "в четверг состоится", "у середу суд розгляне": the next such day
			add(pub.AddDate(0, 0, int(wd-pub.Weekday()+7)%7))
			return
		}
		add(pub.AddDate(0, 0, -(int(pub.Weekday()-wd+7) % 7)))
		return
	}
	if !t.cap {
		return
	}
	// Good Friday, Bloody Sunday, Super Tuesday: part of a name
	if i > 0 && toks[i-1].kind == tkWord && toks[i-1].cap && !toks[i-1].sent && weekdayOf(toks[i-1].low) < 0 {
		return
	}
	prev := ""
	if i > 0 && toks[i-1].kind == tkWord {
		prev = toks[i-1].low
	}
	// "every Friday", "each Monday": a habit, not a day
	if prev == "every" || prev == "each" {
		return
	}
	// weekday then date: "Wednesday, April 6" is resolved by the date itself
	if i+2 < len(toks) && toks[i+1].text == "," && toks[i+2].kind == tkWord && monthOf(toks[i+2].low) > 0 {
		return
	}
	back := int(pub.Weekday()-wd+7) % 7 // days since the most recent such day (0: today)
	fwd := int(wd-pub.Weekday()+7) % 7
	switch prev {
	case "last", "past":
		if back == 0 {
			back = 7
		}
		add(pub.AddDate(0, 0, -back))
		return
	case "next", "coming", "this":
		if fwd == 0 {
			fwd = 7
		}
		if prev == "this" && fwd == 7 {
			fwd = 0
		}
		add(pub.AddDate(0, 0, fwd))
		return
	}
	if e.futureBefore(toks, i) {
		add(pub.AddDate(0, 0, fwd))
		return
	}
	add(pub.AddDate(0, 0, -back))
}

// futureBefore says whether a future cue stands earlier in the same sentence as token i.
func (e *Extractor) futureBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && i-k <= 12; k-- {
		t := &toks[k]
		if t.kind == tkWord && futureCues[t.low] {
			return true
		}
		if t.kind == tkWord && (t.low == "said" || t.low == "says") {
			return false
		}
		if t.sent {
			break
		}
	}
	return false
}
