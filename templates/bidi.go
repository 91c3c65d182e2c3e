package templates

import "strings"

// rtlLanguages are the languages written right to left by default (ISO
// 639 codes, with the old Hebrew and Yiddish ones): Arabic, Persian and
// Dari, Pashto, Urdu, Kurdish (Sorani), Hebrew and their neighbours.
var rtlLanguages = map[string]bool{
	"ar": true, "arc": true, "arz": true, "azb": true, "bal": true, "bqi": true, "ckb": true, "dv": true,
	"fa": true, "glk": true, "haz": true, "he": true, "iw": true, "ji": true, "khw": true, "ks": true,
	"lrc": true, "mzn": true, "nqo": true, "pbt": true, "pbu": true, "pes": true, "pnb": true, "prs": true,
	"ps": true, "sd": true, "skr": true, "syr": true, "ug": true, "ur": true, "yi": true,
}

// rtlScripts are the ISO 15924 scripts written right to left; a script
// subtag decides over the language (az-Arab, uz-Arab, ku-Arab are rtl;
// pa-Arab too; ug-Cyrl is ltr).
var rtlScripts = map[string]bool{
	"adlm": true, "arab": true, "hebr": true, "mand": true, "nkoo": true, "rohg": true, "samr": true, "syrc": true, "thaa": true,
}

// LangTag is lang when it is a well-formed language tag (letters, digits
// and hyphens, a 2–3 letter language first: "fa", "fa-AF", "uz-Arab"),
// for an HTML lang attribute; anything else is "".
func LangTag(lang string) string {
	lang = strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
	if lang == "" || len(lang) > 35 {
		return ""
	}
	for i, sub := range strings.Split(lang, "-") {
		if sub == "" || len(sub) > 8 || i == 0 && (len(sub) < 2 || len(sub) > 3) {
			return ""
		}
		for _, r := range sub {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
				return ""
			}
		}
	}
	return lang
}

// Direction is the HTML dir of text in a language: "rtl" for a language
// or script written right to left, "ltr" for any other well-formed tag,
// and "auto" (the browser decides from the text) when the language is
// unknown.
func Direction(lang string) string {
	tag := LangTag(lang)
	if tag == "" {
		return "auto"
	}
	subs := strings.Split(strings.ToLower(tag), "-")
	for _, sub := range subs[1:] {
		if len(sub) == 4 && sub[0] >= 'a' && sub[0] <= 'z' { // a script subtag
			if rtlScripts[sub] {
				return "rtl"
			}
			return "ltr"
		}
	}
	if rtlLanguages[subs[0]] {
		return "rtl"
	}
	return "ltr"
}
