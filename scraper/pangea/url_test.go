package pangea

import "testing"

func TestArticleID(t *testing.T) {
	tests := []struct {
		url    string
		id     string
		wantOK bool
	}{
		{"https://www.rferl.org/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html", "33565458", true},
		{"https://www.rferl.org/a/33565458.html", "33565458", true},
		{"/a/lviv-attack/31772646.html", "31772646", true},
		{"https://www.rferl.org/amp/iran-nuclear/24801408.html", "24801408", true},
		{"https://www.rferl.org/content/article/1060925.html", "1060925", true},
		{"https://www.voanews.com/content/russia-opposition-ponders-chechnyas-ramzan-kadyrov/3140533.html", "3140533", true},
		{"https://www.rferl.org/a/33565458.html?ref=rss#top", "33565458", true},
		{"https://www.rferl.org/z/16?p=2", "", false},
		{"https://www.rferl.org/p/5498.html", "", false},
		{"https://www.rferl.org/", "", false},
		{"https://www.rferl.org/a/slug/notanumber.html", "", false},
		{"::bad url", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			id, ok := ArticleID(tt.url)
			if id != tt.id || ok != tt.wantOK {
				t.Errorf("ArticleID(%q) = %q, %v; want %q, %v", tt.url, id, ok, tt.id, tt.wantOK)
			}
		})
	}
}
