package pangea

import (
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"newsarchive/article"
)

func doc(t *testing.T, page string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTypeOf(t *testing.T) {
	ld := func(typ string) string {
		return `<script type="application/ld+json">{"@type":"` + typ + `","headline":"h"}</script>`
	}
	utag := func(ct string) string {
		return `<script>var utag_data={entity:"VOA",page_type:"x",content_type:"` + ct + `",subcontent_type:"other"};</script>`
	}
	tests := []struct {
		name, page string
		want       pageType
	}{
		{"plain page", `<body><p>x</p></body>`, pageType{kind: article.KindArticle}},
		{"article", `<body class="pg-article">` + utag("article"), pageType{kind: article.KindArticle}},
		{"Article, capitalised", utag("Article"), pageType{kind: article.KindArticle}},
		{"video by content type", utag("video"), pageType{kind: article.KindVideo, name: "video"}},
		{"video by body class", `<body class="pg-media pg-video">`, pageType{kind: article.KindVideo, name: "video"}},
		{"video by JSON-LD", ld("VideoObject"), pageType{kind: article.KindVideo, name: "video"}},
		{"audio by JSON-LD", ld("AudioObject"), pageType{kind: article.KindAudio, name: "audio"}},
		{"photo gallery", `<body class="pg-media pg-photoblog">` + utag("photo"), pageType{kind: article.KindGallery, name: "gallery"}},
		{"gallery by body class", `<body class="pg-gallery">`, pageType{kind: article.KindGallery, name: "gallery"}},
		{"programme episode", `<body class="pg-media pg-prog">` + utag("video") + ld("VideoObject"), pageType{kind: article.KindVideo, name: "programme (video)"}},
		{"programme, no other mark", `<body class="pg-media pg-prog">`, pageType{kind: article.KindArticle, name: "programme"}},
		{"media, no other mark", `<body class="pg-media">`, pageType{kind: article.KindArticle, name: "media"}},
		{"snippet", utag("snippet"), pageType{kind: article.KindArticle, name: "snippet"}},
		{"content type wins", `<body class="pg-video">` + utag("audio"), pageType{kind: article.KindAudio, name: "audio"}},
		{"JSON utag of 2019–2021", `<script>var utag_data = {"page_type":"article","content_type":"video"}</script>`, pageType{kind: article.KindVideo, name: "video"}},
		{"analyticsData of 2025", `<script>var analyticsData = {property_id:"414",page_type:"article",content_type:"audio"};</script>`, pageType{kind: article.KindAudio, name: "audio"}},
		{"subcontent_type alone is no content type", `<script>utag_data={subcontent_type:"video"}</script>`, pageType{kind: article.KindArticle}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(t, "<html><head></head>"+tt.page+"</html>")
			if got := typeOf(d, readLinkedData(d), readAnalytics(d)); got != tt.want {
				t.Errorf("typeOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAuthorsNotOutlets(t *testing.T) {
	page := func(head, body string) string {
		return `<html><head><link rel="canonical" href="https://www.darivoa.com/a/7985803.html">` + head +
			`</head><body>` + body + `<div class="wsw"><p>Text.</p></div></body></html>`
	}
	ldAuthor := func(author, publisher string) string {
		return `<script type="application/ld+json">{"@type":"NewsArticle","author":` + author +
			`,"publisher":{"@type":"NewsMediaOrganization","name":"` + publisher + `"}}</script>`
	}
	darivoa := func(string) []string { return []string{"صدای امریکا"} }
	tests := []struct {
		name, page string
		outlets    func(string) []string
		want       []string
	}{
		{"outlet as JSON-LD author, same as publisher", page(ldAuthor(`{"@type":"Person","name":"صدای امریکا"}`, "صدای امریکا"), ""), nil, []string{}},
		{"outlet as author, from the profile", page(ldAuthor(`{"@type":"Person","name":"صدای امریکا"}`, "VOA"), ""), darivoa, []string{}},
		{"outlet as author, from og:site_name", page(`<meta property="og:site_name" content="Радио Свобода">`+ldAuthor(`"Радио  Свобода"`, "x"), ""), nil, []string{}},
		{"network as author", page(ldAuthor(`[{"@type":"Person","name":"Radio Free Europe/Radio Liberty"},{"@type":"Person","name":"Aigerim Sadykova"}]`, "x"), ""), nil, []string{"Aigerim Sadykova"}},
		{"network, another case", page(ldAuthor(`"voice of america"`, "x"), ""), nil, []string{}},
		{"a person in JSON-LD", page(ldAuthor(`{"@type":"Person","name":"لیمه هوتک"}`, "صدای امریکا"), ""), darivoa, []string{"لیمه هوتک"}},
		{"a visible byline wins, even a desk", page(ldAuthor(`{"@type":"Person","name":"Nino Beridze"}`, "RFE/RL"),
			`<div class="publishing-details"><a class="links__item-link" href="/author/rfe-rl/x">RFE/RL</a></div>`), nil, []string{"RFE/RL"}},
		{"the 2019–2021 By line", page("", `<div class="page-header__meta"><div class="page-header__meta-item"><span>By</span> <span>VOA News</span></div></div>`), nil, []string{"VOA News"}},
		{"a date line is no byline", page("", `<div class="page-header__meta"><div class="page-header__meta-item"><span>May 11, 2020</span> <span>08:24 AM</span></div></div>`), nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse([]byte(tt.page), Options{Site: "darivoa", OutletNames: tt.outlets})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Authors, tt.want) {
				t.Errorf("authors = %q, want %q", a.Authors, tt.want)
			}
		})
	}
}

func TestImageAndCaptionAgree(t *testing.T) {
	page := func(og, cover, caption string) string {
		s := `<html><head><link rel="canonical" href="https://www.voanews.com/a/x/7585813.html">`
		if og != "" {
			s += `<meta property="og:image" content="` + og + `">`
		}
		s += `</head><body>`
		if cover != "" {
			s += `<div class="cover-media"><figure><img src="` + cover + `" alt="">`
			if caption != "" {
				s += `<figcaption><span class="caption">` + caption + `</span></figcaption>`
			}
			s += `</figure></div>`
		}
		return s + `<div class="wsw"><p>Text.</p></div></body></html>`
	}
	const (
		shareBig   = "https://gdb.voanews.com/7C01456E-AFA3-4D09-A6AA-A6042A5159FA.jpg"
		coverBig   = "https://gdb.voanews.com/01000000-0aff-0242-d5d7-08dc658aabd0_w1200_r1.jpg"
		coverThumb = "https://gdb.voanews.com/01000000-0aff-0242-d5d7-08dc658aabd0_cx0_cy7_cw0_w250_r1_s.jpg"
	)
	tests := []struct {
		name, og, cover, caption string
		wantImage, wantCaption   string
	}{
		{"og:image is another picture: the cover and its caption", shareBig, coverThumb, "A mother reads to her son.", coverThumb, "A mother reads to her son."},
		{"og:image is the cover's picture, larger", coverBig, coverThumb, "A mother reads to her son.", coverBig, "A mother reads to her son."},
		{"no caption: og:image", shareBig, coverThumb, "", shareBig, ""},
		{"no cover: og:image, no caption", shareBig, "", "", shareBig, ""},
		{"no og:image: the cover", "", coverThumb, "Caption.", coverThumb, "Caption."},
		{"the same file name in another size (2019–2021 pages)",
			"https://media.voltron.voanews.com/Drupal/01live-166/2020-05/ap_nz_11May20.jpg",
			"https://media.voltron.voanews.com/Drupal/01live-166/styles/892x501/s3/2020-05/ap_nz_11May20.jpg?itok=mb7v", "Ardern speaks.",
			"https://media.voltron.voanews.com/Drupal/01live-166/2020-05/ap_nz_11May20.jpg", "Ardern speaks."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse([]byte(page(tt.og, tt.cover, tt.caption)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Image != tt.wantImage || a.ImageCaption != tt.wantCaption {
				t.Errorf("image, caption = %q, %q; want %q, %q", a.Image, a.ImageCaption, tt.wantImage, tt.wantCaption)
			}
		})
	}
}

func TestDatelineOpensTheFirstParagraph(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"em dash", "AUBURN, Wash. —\n<p>After a series of jobs.</p><p>Second.</p>", "AUBURN, Wash. — After a series of jobs.\n\nSecond."},
		{"two hyphens", "KYIV --<p>Text.</p>", "KYIV -- Text."},
		{"loose text that is no dateline", "Editor's note<p>Text.</p>", "Editor's note\n\nText."},
		{"a paragraph ending in a dash", "<p>He said —</p><p>Text.</p>", "He said —\n\nText."},
		{"loose text ending in a dash after the first paragraph", "<p>First.</p>He said —<p>Text.</p>", "First.\n\nHe said —\n\nText."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(t, `<div class="wsw">`+tt.body+`</div>`)
			if got := strings.Join(bodyText(d.Find("div.wsw")), "\n\n"); got != tt.want {
				t.Errorf("body = %q, want %q", got, tt.want)
			}
		})
	}
}
