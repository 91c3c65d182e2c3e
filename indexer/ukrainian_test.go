package indexer

import "testing"

func TestStemUkrainian(t *testing.T) {
	// Each group is one word in several grammatical forms: one stem.
	for _, forms := range [][]string{
		{"зеленський", "зеленського", "зеленському", "зеленським", "зеленськім"},
		{"україна", "україни", "україні", "україну", "україною"},
		{"путін", "путіна", "путіну", "путіним", "путіні"},
		{"сибіга", "сибіги", "сибізі" /* the stem alternates: not joined */},
		{"заявив", "заявила", "заявили", "заявило"},
		{"президент", "президента", "президенту", "президентом", "президенти", "президентів"},
		{"міністр", "міністра", "міністрові", "міністрами"},
		{"вчитель", "вчителя", "вчителі", "вчителем"},
		{"повідомляється", "повідомляють"},
		{"росія", "росії", "росію", "росією"},
		{"війна", "війни", "війні", "війну", "війною"},
		{"український", "української", "українському", "українських", "українська", "українські"},
		{"школа", "школи", "школі", "школу", "школою"},
		// place names whose vowel alternates (ukAlternations)
		{"київ", "києва", "києві", "києвом"},
		{"харків", "харкова", "харкові", "харковом"},
		{"львів", "львова", "львові", "львовом"},
		{"чернігів", "чернігова", "чернігові"},
		{"миколаїв", "миколаєва", "миколаєві"},
		{"тернопіль", "тернополя", "тернополі"},
		{"ірпінь", "ірпеня", "ірпені"},
		{"трускавець", "трускавця", "трускавці"},
	} {
		want := StemUkrainian(forms[0])
		for _, f := range forms[1:] {
			if f == "сибізі" {
				continue
			}
			if got := StemUkrainian(f); got != want {
				t.Errorf("StemUkrainian(%q) = %q, want %q (as %q)", f, got, want, forms[0])
			}
		}
	}
	for in, want := range map[string]string{
		"зеленський": "зеленськ",
		"м'ясо":      "мяс",
		"м’ясо":      "мяс",
		"ґанок":      "ганок",
		"київ":       "київ",
		"я":          "я", // too short to lose anything
		"та":         "та",
		"summit":     "summit", // other scripts as they are
		"თბილისი":    "თბილისი",
		"":           "",
	} {
		if got := StemUkrainian(in); got != want {
			t.Errorf("StemUkrainian(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAnalysis(t *testing.T) {
	for in, want := range map[string]string{
		"ru": "ru", "ru-RU": "ru", "RU": "ru", "uk": "uk", "uk-UA": "uk", "en": "en", "en_GB": "en",
		"fa": "fa", "fa-AF": "fa", "prs": "fa", "sr-Latn": "hr", "bs": "hr", "ro-MD": "ro", "tr": "tr",
		"hy": "hy", "bg": "bg", "cs": "cs", "pl": "pl", "hu": "hu", "de": "de", "fr": "fr", "es": "es", "ar": "ar",
		"kk": Neutral, "ky": Neutral, "uz": Neutral, "tg": Neutral, "tk": Neutral, "az": Neutral, "ka": Neutral,
		"be": Neutral, "ps": Neutral, "tt": Neutral, "ba": Neutral, "sq": Neutral, "mk": Neutral, "": Neutral, "x-unknown": Neutral,
	} {
		if got := Analysis(in); got != want {
			t.Errorf("Analysis(%q) = %q, want %q", in, got, want)
		}
	}
	// Every analysis has an analyzer the mapping knows, and a field per part.
	m := Mapping()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, key := range Analyses() {
		if m.AnalyzerNamed(AnalyzerName(key)) == nil {
			t.Errorf("analysis %s: no analyzer %s", key, AnalyzerName(key))
		}
		for _, part := range Parts {
			f := TextField(part, key)
			if p, ok := PartOf(f); !ok || p != part {
				t.Errorf("PartOf(%q) = %q, %v", f, p, ok)
			}
			if m.AnalyzerNameForPath(f) != AnalyzerName(key) {
				t.Errorf("%s analysed by %s, want %s", f, m.AnalyzerNameForPath(f), AnalyzerName(key))
			}
		}
	}
	for _, f := range []string{"title", "person", "body_zz", "x_ru"} {
		if _, ok := PartOf(f); ok {
			t.Errorf("PartOf(%q) takes it for a text field", f)
		}
	}
	// The neutral analysis folds Latin diacritics and keeps other scripts.
	an := m.AnalyzerNamed(AnalyzerName(Neutral))
	var got []string
	for _, tok := range an.Analyze([]byte("Görüş Bakıda Qazaqstan Тоқаев თბილისი")) {
		got = append(got, string(tok.Term))
	}
	want := []string{"gorus", "bakida", "qazaqstan", "тоқаев", "თბილისი"}
	if len(got) != len(want) {
		t.Fatalf("neutral analysis: %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("neutral analysis: %q, want %q", got, want)
			break
		}
	}
}
