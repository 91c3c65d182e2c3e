package entities

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func newExtractor(t testing.TB) *Extractor {
	t.Helper()
	e, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestSeed is the done check of issue 3: the seed article with its publication date.
func TestSeed(t *testing.T) {
	e := newExtractor(t)
	text, err := os.ReadFile(filepath.Join("testdata", "gold", "seed-000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.Extract(string(text), day("2025-10-22"))
	want := Entities{
		People: []string{"Anthony Albanese", "Dmitry Peskov", "Donald Trump", "Emmanuel Macron", "Friedrich Merz",
			"Giorgia Meloni", "Keir Starmer", "Marco Rubio", "Mark Rutte", "Radoslaw Sikorski", "Sergei Lavrov",
			"Sergei Ryabkov", "Ursula von der Leyen", "Vladimir Putin", "Volodymyr Zelenskyy"},
		Countries: []string{"Australia", "France", "Germany", "Hungary", "Italy", "Netherlands", "Poland", "Russia",
			"Ukraine", "United Kingdom", "United States"},
		Dates: []string{"2025-10-17", "2025-10-20", "2025-10-21", "2025-10-22", "2025-10-24"},
	}
	if !slices.Equal(got.People, want.People) {
		t.Errorf("people\n got %q\nwant %q", got.People, want.People)
	}
	if !slices.Equal(got.Countries, want.Countries) {
		t.Errorf("countries\n got %q\nwant %q", got.Countries, want.Countries)
	}
	if !slices.Equal(got.Dates, want.Dates) {
		t.Errorf("dates\n got %q\nwant %q", got.Dates, want.Dates)
	}
}

func TestPeople(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"surname joins full name", "Foreign Minister Sergei Lavrov arrived. Lavrov said talks would go on.", []string{"Sergei Lavrov"}},
		{"curly possessive", "Volodymyr Zelenskyy’s office said Zelenskyy’s plan was ready.", []string{"Volodymyr Zelenskyy"}},
		{"variant spellings collapse", "Volodymyr Zelenskyy spoke. Later Zelenskiy and Zelensky said more.", []string{"Volodymyr Zelenskyy"}},
		{"surname only via alias table", "Putin said the war would go on.", []string{"Vladimir Putin"}},
		{"particles", "EU chief Ursula von der Leyen met Bashar al-Assad's envoy.", []string{"Bashar al-Assad", "Ursula von der Leyen"}},
		{"organisations are not people", "The Kremlin and RIA Novosti said the International Criminal Court and the State Department erred.", []string{}},
		{"places named after people", "Students of Ivan Franko National University met on Taras Shevchenko Avenue.", []string{}},
		{"title stripped", "Kremlin spokesman Dmitry Peskov and Dr. Akbari spoke.", []string{"Akbari", "Dmitry Peskov"}},
		{"country word in a name", "Israeli Defense Minister Israel Katz said so.", []string{"Israel Katz"}},
		{"ambiguous surname stays out", "Farah Pahlavi and Mohammad Reza Pahlavi married. Pahlavi ruled.", []string{"Farah Pahlavi", "Mohammad Reza Pahlavi"}},
		{"title-case headline words", "Romania Tells Expats Not To Come Home", []string{}},
		{"patronymic", "Its director, Makhabat Tazhibek kyzy, was detained.", []string{"Makhabat Tazhibek kyzy"}},
		{"initial keeps its dot", "The speech of former President George W. Bush was long and it was heard by many.", []string{"George W. Bush"}},
		{"Belarusian Latin first names", "The court jailed Uladzimer Matskevich and Syarhey Tsikhanouski. Dzyanis Ivashin and Viktar Babaryka too.", []string{"Dzyanis Ivashin", "Syarhey Tsikhanouski", "Uladzimer Matskevich", "Viktar Babaryka"}},
		{"Central Asian first names", "Kubanychbek Zhumaliev met Zhanar Akhmetova and Sanjar Saidov.", []string{"Kubanychbek Zhumaliev", "Sanjar Saidov", "Zhanar Akhmetova"}},
		{"Afghan and Iranian first names", "Zabihullah Mujahid and Amrullah Saleh spoke; Golrokh Iraee was freed.", []string{"Amrullah Saleh", "Golrokh Iraee", "Zabihullah Mujahid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.Extract(tc.text, time.Time{}).People
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCountries(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"abbreviations", "U.S. and UK officials met US envoys.", []string{"United Kingdom", "United States"}},
		{"lowercase us and in are not countries", "Tell us what is in it.", []string{}},
		{"demonyms and plurals", "Kazakh and Polish diplomats met Russians.", []string{"Kazakhstan", "Poland", "Russia"}},
		{"institutions", "The Kremlin, the White House and Downing Street disagreed.", []string{"Russia", "United Kingdom", "United States"}},
		{"cities and regions", "Strikes hit Lviv, Grozny and Crimea.", []string{"Russia", "Ukraine"}},
		{"not countries", "The EU, NATO, Europe and the West met in Central Asia.", []string{}},
		{"country words inside names", "Radio Free Europe and Radio Free Afghanistan reported, Voice of America too.", []string{}},
		{"hyphenated", "The Russia-Ukraine war and Kyrgyz-Tajik border.", []string{"Kyrgyzstan", "Russia", "Tajikistan", "Ukraine"}},
		{"words that are city names", "Nice work on Reading lists for Mobile users.", []string{}},
		{"russian text", "Президент России встретился с послом Украины в Москве.", []string{"Russia", "Ukraine"}},
		{"all caps headline", "PUTIN AND TOKAYEV MEET IN ASTANA AS KYRGYZSTAN WATCHES", []string{"Kazakhstan", "Kyrgyzstan"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.Extract(tc.text, time.Time{}).Countries
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	e := newExtractor(t)
	pub := day("2025-10-22") // a Wednesday
	tests := []struct {
		name, text string
		pub        time.Time
		want       []string
	}{
		{"month day", "Talks were held on October 21.", pub, []string{"2025-10-21"}},
		{"day month", "Talks were held on 21 October.", pub, []string{"2025-10-21"}},
		{"abbreviated with year", "It began on Oct. 21, 2024, in Kyiv.", pub, []string{"2024-10-21"}},
		{"dotted numeric", "Decree of 21.10.2025 on sanctions.", pub, []string{"2025-10-21"}},
		{"iso", "Filed 2025-10-21 by the court.", pub, []string{"2025-10-21"}},
		{"range gives both ends", "The forum runs August 22-24.", pub, []string{"2025-08-22", "2025-08-24"}},
		{"range with year", "RFE/RL Review June 18-24, 2005.", pub, []string{"2005-06-18", "2005-06-24"}},
		{"nearest year backwards", "It happened on December 30.", day("2026-01-05"), []string{"2025-12-30"}},
		{"nearest year forwards", "The vote is due on January 3.", day("2025-12-28"), []string{"2026-01-03"}},
		{"no published date: only written years", "On July 27, 1980, it began. On July 28 it ended.", time.Time{}, []string{"1980-07-27"}},
		{"a year from a date earlier in the sentence", "It began on July 27, 1980, and on July 28 it ended.", pub, []string{"1980-07-27", "1980-07-28"}},
		{"an earlier day of the year after is not in that year", "From December 21, 2024, to July 19 it grew.", day("2025-11-20"), []string{"2024-12-21", "2025-07-19"}},
		{"modal may", "Russia may 5 times raise it; it may rain.", pub, []string{}},
		{"March as a name", "The March 8 Movement and Abdul March spoke.", day("2025-04-01"), []string{"2025-03-08"}},
		{"month only and bare numbers", "In October 2022 some 21 people and 2,000 troops came.", pub, []string{}},
		{"yesterday and today", "Yesterday he left; today he returns.", pub, []string{"2025-10-21", "2025-10-22"}},
		{"weekday: most recent", "He said on Monday that talks failed.", pub, []string{"2025-10-20"}},
		{"weekday: same day", "He said on Wednesday that talks failed.", pub, []string{"2025-10-22"}},
		{"last Friday", "It was agreed last Friday.", pub, []string{"2025-10-17"}},
		{"future weekday", "They will meet on Friday.", pub, []string{"2025-10-24"}},
		{"relative day in a quote is skipped", `"We met yesterday," he said.`, pub, []string{}},
		{"holiday names are not weekdays", "On Good Friday and Bloody Sunday.", pub, []string{}},
		{"russian month", "Удар был нанесен 13 апреля 2025 года.", pub, []string{"2025-04-13"}},
		{"invalid day", "February 30 and 32 October.", pub, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.Extract(tc.text, tc.pub).Dates
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	e := newExtractor(t)
	big := strings.Repeat("Foreign Minister Sergei Lavrov met officials in Moscow on October 21. ", 150_000) // ~10 MB
	tests := []struct {
		name, text    string
		wantTruncated bool
	}{
		{"empty", "", false},
		{"binary junk", string([]byte{0, 0xff, 0xfe, 0x80, 'A', 0x1b, '\'', 's', 0xc3}), false},
		{"only punctuation", `"“”‘’'s -- ... [] () »«`, false},
		{"ten megabytes", big, true},
		{"ukrainian", "Президент України Володимир Зеленський заявив 24 серпня 2025 року.", false},
		{"all caps", "BREAKING: ZELENSKYY SAYS RUSSIA STRUCK KYIV ON OCTOBER 21", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.ExtractDetailed(tc.text, day("2025-10-22"))
			if res.Truncated != tc.wantTruncated {
				t.Errorf("truncated = %v, want %v", res.Truncated, tc.wantTruncated)
			}
			if res.Truncated && (res.ReadBytes > MaxTextBytes || res.Note() == "") {
				t.Errorf("read %d bytes, note %q", res.ReadBytes, res.Note())
			}
			b, err := json.Marshal(res.Entities)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "null") {
				t.Errorf("JSON has null lists: %s", b)
			}
		})
	}
	t.Run("ten megabytes still finds entities", func(t *testing.T) {
		got := e.Extract(big, day("2025-10-22"))
		if !slices.Equal(got.People, []string{"Sergei Lavrov"}) || !slices.Equal(got.Countries, []string{"Russia"}) {
			t.Errorf("got %+v", got)
		}
	})
}

func TestLoadAliases(t *testing.T) {
	e := newExtractor(t)
	if err := e.LoadAliases(strings.NewReader("# user table\n\nBorys = Borys Johnsonenko\nZelenskiy = Volodymyr Zelenskiy\n")); err != nil {
		t.Fatal(err)
	}
	got := e.Extract("Zelensky and Borys spoke.", time.Time{}).People
	if want := []string{"Borys Johnsonenko", "Volodymyr Zelenskiy"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := e.LoadAliases(strings.NewReader("no equals sign here\n")); err == nil {
		t.Error("want an error for a line without =")
	}
}

func TestCountryCode(t *testing.T) {
	for name, want := range map[string]string{"United States": "US", "Russia": "RU", "Czech Republic": "CZ", "Turkey": "TR", "Kosovo": "XK", "Atlantis": ""} {
		if got := CountryCode(name); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCanon(t *testing.T) {
	e := newExtractor(t)
	c := NewCanon(e)
	c.Learn("Sergei Lavrov")
	c.Learn("Sergey Lavrov")
	c.Learn("Sergei Lavrov")
	c.Learn("Farah Pahlavi")
	c.Learn("Mohammad Reza Pahlavi")
	c.Learn("Putin") // single words are not learned
	c.Learn("Ihar Losik")
	c.Learn("Dmitry Medvedev")
	tests := []struct{ in, want string }{
		{"Lavrov", "Sergei Lavrov"},
		{"Sergey Lavrov", "Sergei Lavrov"},
		{"Pahlavi", "Pahlavi"},                   // ambiguous
		{"Putin", "Vladimir Putin"},              // alias table
		{"Unknownov", "Unknownov"},               // unknown
		{"Maria Unknownova", "Maria Unknownova"}, // unknown full name
		{"Igor Losik", "Ihar Losik"},             // a Russian text's spelling of a Belarusian's name
		{"Ivan Losik", "Ivan Losik"},             // another first name: another person
		{"Daniil Medvedev", "Daniil Medvedev"},   // not Dmitry: the first letter is not enough
	}
	for _, tc := range tests {
		if got := c.Resolve(tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// concurrent use
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 100; k++ {
				c.Learn("Dmitry Peskov")
				_ = c.Resolve("Peskov")
			}
		}()
	}
	wg.Wait()
	if got := c.Resolve("Peskov"); got != "Dmitry Peskov" {
		t.Errorf("Resolve(Peskov) = %q", got)
	}
}

func TestConcurrentExtract(t *testing.T) {
	e := newExtractor(t)
	text, err := os.ReadFile(filepath.Join("testdata", "gold", "seed-000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := e.Extract(string(text), day("2025-10-22"))
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 10; k++ {
				got := e.Extract(string(text), day("2025-10-22"))
				if !slices.Equal(got.People, want.People) || !slices.Equal(got.Dates, want.Dates) {
					t.Error("concurrent result differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}
