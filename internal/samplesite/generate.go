package samplesite

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strconv"
	"time"
)

// Material for generated articles: people with their countries and
// capitals, so that an entity extractor has something to find.
var (
	genPeople = []struct{ name, surname, role, country, demonym, capital, section string }{
		{"Sergei Lavrov", "Lavrov", "Foreign Minister", "Russia", "Russian", "Moscow", "Russia"},
		{"Vladimir Putin", "Putin", "President", "Russia", "Russian", "Moscow", "Russia"},
		{"Volodymyr Zelenskyy", "Zelenskyy", "President", "Ukraine", "Ukrainian", "Kyiv", "Ukraine"},
		{"Andriy Sybiha", "Sybiha", "Foreign Minister", "Ukraine", "Ukrainian", "Kyiv", "Ukraine"},
		{"Kassym-Jomart Tokayev", "Tokayev", "President", "Kazakhstan", "Kazakh", "Astana", "Central Asia"},
		{"Shavkat Mirziyoyev", "Mirziyoyev", "President", "Uzbekistan", "Uzbek", "Tashkent", "Central Asia"},
		{"Sadyr Japarov", "Japarov", "President", "Kyrgyzstan", "Kyrgyz", "Bishkek", "Central Asia"},
		{"Nikol Pashinian", "Pashinian", "Prime Minister", "Armenia", "Armenian", "Yerevan", "Caucasus"},
		{"Ilham Aliyev", "Aliyev", "President", "Azerbaijan", "Azerbaijani", "Baku", "Caucasus"},
		{"Abbas Araghchi", "Araghchi", "Foreign Minister", "Iran", "Iranian", "Tehran", "Iran"},
		{"Masud Pezeshkian", "Pezeshkian", "President", "Iran", "Iranian", "Tehran", "Iran"},
		{"Aleksandar Vucic", "Vucic", "President", "Serbia", "Serbian", "Belgrade", "Balkans"},
		{"Albin Kurti", "Kurti", "Prime Minister", "Kosovo", "Kosovar", "Pristina", "Balkans"},
		{"Marco Rubio", "Rubio", "Secretary of State", "the United States", "U.S.", "Washington", "Europe"},
		{"Viktor Orban", "Orban", "Prime Minister", "Hungary", "Hungarian", "Budapest", "Europe"},
	}
	genTopics = []struct{ noun, verb, detail string }{
		{"energy talks", "Holds Energy Talks", "gas transit and electricity prices"},
		{"a trade agreement", "Signs Trade Agreement", "tariffs on grain and steel"},
		{"border security", "Discusses Border Security", "new checkpoints and joint patrols"},
		{"a prisoner exchange", "Backs Prisoner Exchange", "the return of detained citizens"},
		{"a summit", "Prepares For Summit", "the agenda of a leaders' summit"},
		{"sanctions", "Criticizes Sanctions", "the effect of new sanctions on banks"},
		{"a water-sharing deal", "Seeks Water-Sharing Deal", "the use of cross-border rivers"},
	}
	genWeekdays = []string{"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "yesterday", "last week"}
)

// generate makes n deterministic articles for load tests, spread over
// June–November 2025, with ids from 40000001.
func generate(seed int64, n int) []*story {
	if n <= 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
	start := time.Date(2025, 6, 1, 6, 0, 0, 0, time.UTC)
	span := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC).Sub(start)
	out := make([]*story, 0, n)
	for i := range n {
		p := genPeople[r.IntN(len(genPeople))]
		q := genPeople[r.IntN(len(genPeople))]
		for q.country == p.country {
			q = genPeople[r.IntN(len(genPeople))]
		}
		t := genTopics[r.IntN(len(genTopics))]
		pub := start.Add(time.Duration(float64(span) * float64(i) / float64(n))).Add(time.Duration(r.IntN(3600)) * time.Second)
		id := strconv.Itoa(40000001 + i)
		tmpl := Template2025
		if i%3 == 0 {
			tmpl = Template2019
		}
		day := pub.AddDate(0, 0, -1-r.IntN(3)).Format("January 2")
		st := &story{
			ID:        id,
			Language:  "en",
			Slug:      slugify(p.surname + " " + q.surname + " " + t.noun),
			Template:  tmpl,
			Section:   p.section,
			Published: pub,
			Authors:   []string{"RFE/RL"},
			Tags:      []string{p.country, q.country, p.name, q.name},
			Title:     fmt.Sprintf("%s %s With %s Counterpart", p.surname, t.verb, q.demonym),
			generated: true,
			Body: []string{
				fmt.Sprintf("%s %s %s met %s in %s %s to discuss %s, officials said.",
					p.demonym, p.role, p.name, q.name, p.capital, genWeekdays[r.IntN(len(genWeekdays))], t.detail),
				fmt.Sprintf("The two sides last met on %s, when %s said relations between %s and %s were \"at a turning point.\"",
					day, q.surname, p.country, q.country),
				"## What Comes Next",
				fmt.Sprintf("Officials in %s said a further round was planned before the end of the year. %s did not comment.",
					q.capital, p.surname),
				fmt.Sprintf("Generated sample article %d of %d for load tests.", i+1, n),
			},
		}
		out = append(out, st)
	}
	return out
}

// placeholderPNG is the picture served for every /img/ path: a small grey
// 16:9 rectangle.
func placeholderPNG() []byte {
	img := image.NewGray(image.Rect(0, 0, 32, 18))
	for i := range img.Pix {
		img.Pix[i] = 0xc8
	}
	img.SetGray(0, 0, color.Gray{Y: 0x80})
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
