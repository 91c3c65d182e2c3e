package entities

import (
	"strings"
	"time"
)

// suffixedMonths are the month names of Kazakh, and the Russian-derived ones Kyrgyz, Uzbek and
// Tajik write (март, январ, Uzbek Latin mart), in the forms that take case suffixes after a day
// number: "5 наурызда", "17-ноябрында", "12 майи", "5-martda". They are read only after a day
// number, so that a Russian "март" or an English "mart" alone is no date.
var suffixedMonths = map[string]time.Month{
	// Kazakh
	"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
	"қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
	// Kyrgyz, Uzbek and Tajik Cyrillic
	"январь": 1, "январ": 1, "февраль": 2, "феврал": 2, "март": 3, "апрель": 4, "апрел": 4, "май": 5,
	"июнь": 6, "июн": 6, "июль": 7, "июл": 7, "август": 8, "сентябрь": 9, "сентябр": 9,
	"октябрь": 10, "октябр": 10, "ноябрь": 11, "ноябр": 11, "декабрь": 12, "декабр": 12,
	// Uzbek Latin ("may" left out: an English word)
	"yanvar": 1, "fevral": 2, "mart": 3, "aprel": 4, "iyun": 6, "iyul": 7, "avgust": 8,
	"sentabr": 9, "sentyabr": 9, "oktabr": 10, "oktyabr": 10, "noyabr": 11, "dekabr": 12,
}

// monthSuffixes are the case suffixes of suffixedMonths, longest first: Kazakh and Kyrgyz
// locative and genitive (наурызда, ноябрында, мартта), the Tajik izafat (майи), Uzbek Latin da.
var monthSuffixes = []string{"ында", "инде", "унда", "үндө", "ның", "нің", "дың", "дің", "тың", "тің",
	"нда", "нде", "да", "де", "та", "те", "ы", "і", "и", "dagi", "da", "ga"}

// suffixedMonth reads a month word of suffixedMonths with or without its case suffix.
func suffixedMonth(low string) time.Month {
	if m, ok := suffixedMonths[low]; ok {
		return m
	}
	for _, suf := range monthSuffixes {
		if stem, ok := strings.CutSuffix(low, suf); ok {
			if m, ok := suffixedMonths[stem]; ok {
				return m
			}
			// a soft sign dropped before the suffix: январда, сентябрда
			if m, ok := suffixedMonths[stem+"ь"]; ok {
				return m
			}
		}
	}
	return 0
}

// yearWords name the year before or after its number: Kazakh and Kyrgyz "2024 жылғы", "2024-жылдын",
// Uzbek "2024 йил", "2024 yil", Tajik "соли 2024".
func yearWord(low string) bool {
	for _, p := range []string{"жыл", "йил", "yil"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// yearBefore reads the year written before a day: "2024 жылғы 16 желтоқсанда", "2024-жылдын
// 17-ноябрында", "2024 йил 3 апрель".
func yearBefore(toks []token, dayAt int) (int, bool) {
	k := dayAt - 1
	if k < 1 || toks[k].kind != tkWord || !yearWord(toks[k].low) {
		return 0, false
	}
	k--
	if toks[k].text == "-" && k > 0 {
		k--
	}
	return yearNum(&toks[k])
}
