// Package bench measures newsarchive at archive scale: a deterministic
// generator of realistic Pangea-style articles, and a harness that imports
// them, indexes them (entity extraction included), and measures sizes,
// query latencies for the query classes of the performance issue, exports
// and peak memory — beside a plain-Bleve index of the same corpus, so the
// ratio shows where we stand.
package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"newsarchive/article"
	"newsarchive/indexer/entities"
)

// Corpus generates articles deterministically: article i is the same for a
// given seed whatever order they are made in. Words follow a Zipf
// distribution over real English word frequencies; people, countries and
// sections have a few very frequent values and a long tail; publication
// dates spread over ten years; each article mentions days near its date.
type Corpus struct {
	Seed  uint64
	words []string
	// people: first and last names; countries: names and demonyms.
	people    []person
	countries []country
	sections  []string
	start     time.Time
	span      time.Duration
	wordZipf  *zipf
	peopleZ   *zipf
	countryZ  *zipf
	sectionZ  *zipf
}

type person struct{ first, last, title string }

type country struct{ name, demonym string }

// NewCorpus builds the generator's tables.
func NewCorpus(seed uint64) (*Corpus, error) {
	c := &Corpus{Seed: seed, start: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)}
	c.span = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).Sub(c.start)
	words, err := entities.Table("commonwords.gen.txt")
	if err != nil {
		return nil, err
	}
	for _, w := range words {
		if len(w) > 1 {
			c.words = append(c.words, w)
		}
	}
	first, err := entities.Table("firstnames.gen.txt")
	if err != nil {
		return nil, err
	}
	rows, err := entities.Table("countries.gen.tsv")
	if err != nil {
		return nil, err
	}
	demonyms := map[string]string{}
	var names []string
	for _, r := range rows {
		f := strings.Split(r, "\t")
		if len(f) != 3 {
			continue
		}
		switch f[0] {
		case "country":
			names = append(names, f[2])
			demonyms[f[1]+"|name"] = f[2]
		case "demonym":
			demonyms[f[1]] = f[2]
		}
	}
	// The region's countries first: they are the frequent ones in this news.
	lead := []string{"Russia", "Ukraine", "United States", "Iran", "Kazakhstan", "Georgia", "Belarus", "China",
		"Turkey", "Armenia", "Azerbaijan", "Germany", "Poland", "Hungary", "Serbia", "Uzbekistan", "Kyrgyzstan",
		"Tajikistan", "Moldova", "Afghanistan", "France", "United Kingdom", "Israel", "Syria", "Romania"}
	seen := map[string]bool{}
	for _, n := range append(lead, names...) {
		if !seen[n] {
			seen[n] = true
			c.countries = append(c.countries, country{name: n})
		}
	}
	for code, dem := range demonyms {
		if strings.HasSuffix(code, "|name") {
			continue
		}
		for i := range c.countries {
			if c.countries[i].name == demonyms[code+"|name"] {
				c.countries[i].demonym = dem
			}
		}
	}
	r := rand.New(rand.NewPCG(seed, 7))
	titles := []string{"President", "Foreign Minister", "Prime Minister", "opposition leader", "activist",
		"spokesman", "Defense Minister", "lawmaker", "journalist", "Mayor", "Ambassador", "judge"}
	const nPeople = 20000
	for i := 0; i < nPeople; i++ {
		c.people = append(c.people, person{
			first: strings.Title(strings.ToLower(first[r.IntN(len(first))])),
			last:  surname(r),
			title: titles[r.IntN(len(titles))],
		})
	}
	c.sections = []string{"Russia", "Ukraine", "Central Asia", "Caucasus", "Iran", "Balkans", "Europe",
		"Belarus", "Afghanistan", "World", "Features", "Investigations"}
	c.wordZipf = newZipf(len(c.words), 1.05)
	c.peopleZ = newZipf(nPeople, 1.1)
	c.countryZ = newZipf(len(c.countries), 1.3)
	c.sectionZ = newZipf(len(c.sections), 0.8)
	return c, nil
}

// surname makes a plausible surname of the region.
func surname(r *rand.Rand) string {
	starts := []string{"Ka", "Pe", "Mo", "Sa", "Ta", "Ba", "Ko", "Ni", "Ra", "Zu", "Ve", "Lo", "Gri", "Bo", "Da", "Khu", "Shi", "Ya", "Or", "Al"}
	mids := []string{"ri", "len", "sho", "ma", "dru", "zar", "ki", "bal", "nov", "te", "ru", "mi", "ga", "ly", "ver"}
	ends := []string{"ov", "enko", "yan", "adze", "ev", "ski", "ich", "uk", "idze", "bayev", "zade", "i", "escu", "ovic", "ova"}
	s := starts[r.IntN(len(starts))] + mids[r.IntN(len(mids))]
	if r.IntN(3) == 0 {
		s += mids[r.IntN(len(mids))]
	}
	return s + ends[r.IntN(len(ends))]
}

// zipf samples ranks 0..n-1 with P(k) ∝ 1/(k+1)^s, by inverting the CDF.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) *zipf {
	z := &zipf{cdf: make([]float64, n)}
	sum := 0.0
	for k := 0; k < n; k++ {
		sum += 1 / math.Pow(float64(k+1), s)
		z.cdf[k] = sum
	}
	for k := range z.cdf {
		z.cdf[k] /= sum
	}
	return z
}

func (z *zipf) sample(r *rand.Rand) int {
	u := r.Float64()
	lo, hi := 0, len(z.cdf)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if z.cdf[mid] < u {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Article returns article i (0-based).
func (c *Corpus) Article(i int) *article.Article {
	r := rand.New(rand.NewPCG(c.Seed, uint64(i)+1000))
	// Recent years are denser, as in a growing archive.
	f := math.Sqrt(r.Float64())
	pub := c.start.Add(time.Duration(f * float64(c.span))).Truncate(time.Minute)
	id := 20000000 + i
	a := &article.Article{
		ID:        fmt.Sprint(id),
		URL:       fmt.Sprintf("https://www.rferl.org/a/bench-%d/%d.html", i, id),
		Site:      "rferl",
		Language:  "en",
		Section:   c.sections[c.sectionZ.sample(r)],
		Published: pub,
		Authors:   []string{c.people[len(c.people)-1-r.IntN(200)].fullName()},
	}
	var cast []person
	for n := 2 + r.IntN(5); n > 0; n-- {
		cast = append(cast, c.people[c.peopleZ.sample(r)])
	}
	var lands []country
	for n := 1 + r.IntN(4); n > 0; n-- {
		lands = append(lands, c.countries[c.countryZ.sample(r)])
	}
	a.Title = c.title(r, cast, lands)
	a.Lead = c.sentence(r, cast, lands, pub, 18+r.IntN(12))
	var paras []string
	for n := 5 + r.IntN(5); n > 0; n-- {
		var ss []string
		for m := 2 + r.IntN(3); m > 0; m-- {
			ss = append(ss, c.sentence(r, cast, lands, pub, 10+r.IntN(18)))
		}
		paras = append(paras, strings.Join(ss, " "))
	}
	a.Body = strings.Join(paras, "\n\n")
	return a
}

func (p person) fullName() string { return p.first + " " + p.last }

func (c *Corpus) word(r *rand.Rand) string { return c.words[c.wordZipf.sample(r)] }

func (c *Corpus) title(r *rand.Rand, cast []person, lands []country) string {
	ws := []string{cast[0].last}
	for n := 4 + r.IntN(5); n > 0; n-- {
		ws = append(ws, strings.Title(c.word(r)))
	}
	ws = append(ws, "In", lands[0].name)
	return strings.Join(ws, " ")
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December"}

// sentence is n words of Zipf text around one entity mention.
func (c *Corpus) sentence(r *rand.Rand, cast []person, lands []country, pub time.Time, n int) string {
	var ws []string
	for i := 0; i < n; i++ {
		ws = append(ws, c.word(r))
	}
	p := cast[r.IntN(len(cast))]
	l := lands[r.IntN(len(lands))]
	var mention string
	switch r.IntN(7) {
	case 0:
		mention = fmt.Sprintf("%s %s said", p.title, p.fullName())
	case 1:
		mention = fmt.Sprintf("%s said", p.last)
	case 2:
		mention = fmt.Sprintf("in %s", l.name)
	case 3:
		if l.demonym != "" {
			mention = fmt.Sprintf("the %s government", l.demonym)
		} else {
			mention = fmt.Sprintf("officials in %s", l.name)
		}
	case 4:
		d := pub.AddDate(0, 0, -r.IntN(10))
		mention = fmt.Sprintf("on %s %d", months[d.Month()-1], d.Day())
	case 5:
		mention = fmt.Sprintf("%s told reporters", p.fullName())
	default:
		mention = "according to officials"
	}
	at := r.IntN(len(ws))
	ws = append(ws[:at], append([]string{mention}, ws[at:]...)...)
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
