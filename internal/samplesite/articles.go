package samplesite

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed articles/*.txt articles/*/*.txt
var articleFiles embed.FS

// ExtraLanguages are the languages of the built-in articles besides
// English (articles/<lang>/*.txt), in the order Options.Languages takes
// them.
var ExtraLanguages = []string{"ru", "uk"}

// jsonLDLanguages are the JSON-LD inLanguage values Pangea writes.
var jsonLDLanguages = map[string]string{"en": "en-US", "ru": "ru-RU", "uk": "uk-UA"}

// Templates of article pages.
const (
	Template2019      = "2019"      // the 2019 article page
	Template2025      = "2025"      // the 2022–2025 article page
	TemplateFactCheck = "factcheck" // a fact-check: claim, verdict, then the article
	TemplateProgramme = "programme" // a media/programme page, no article text
)

// story is one sample article as stored in articles/*.txt: a header of
// "key: value" lines, a line "---", then the body.
//
// Body syntax: paragraphs separated by blank lines; "## text" is a
// subheading; "[see-also ID]" places a SEE ALSO box for article ID;
// "[promo ID]" an inline "SEE ALSO:" paragraph; "[video Title]" an
// embedded player; "[quote text | author]" a pull quote.
type story struct {
	ID         string
	Language   string // "en", or the folder of articles/<lang>/
	Slug       string // empty: the URL is /a/<id>.html
	Template   string
	Section    string
	Published  time.Time
	Updated    time.Time
	Authors    []string
	Tags       []string
	Title      string
	Lead       string
	Caption    string
	Private    bool // lives under /a/private/, which robots.txt disallows
	Feature    bool // also listed in the Features section
	Claim      string
	Claimant   string
	Verdict    string
	VerdictWhy string
	Body       []string // blocks, as written
	generated  bool     // made by generate, not read from articles/
}

// Path is the story's URL path.
func (s *story) Path() string {
	switch {
	case s.Private:
		return "/a/private/" + s.Slug + "/" + s.ID + ".html"
	case s.Slug == "":
		return "/a/" + s.ID + ".html"
	}
	return "/a/" + s.Slug + "/" + s.ID + ".html"
}

// modified is the story's last change: its update time, else publication.
func (s *story) modified() time.Time {
	if s.Updated.After(s.Published) {
		return s.Updated
	}
	return s.Published
}

// loadStories reads the embedded English articles and those in the
// languages asked for, newest first.
func loadStories(languages []string) ([]*story, error) {
	type folder struct{ glob, lang string }
	folders := []folder{{"articles/*.txt", "en"}}
	for _, l := range languages {
		if !slices.Contains(ExtraLanguages, l) {
			return nil, fmt.Errorf("no built-in articles in language %q (there are %v)", l, ExtraLanguages)
		}
		folders = append(folders, folder{"articles/" + l + "/*.txt", l})
	}
	var out []*story
	for _, f := range folders {
		names, err := fs.Glob(articleFiles, f.glob)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			b, err := articleFiles.ReadFile(name)
			if err != nil {
				return nil, err
			}
			s, err := parseStory(string(b))
			if err != nil {
				return nil, fmt.Errorf("sample article %s: %w", path.Join(path.Base(path.Dir(name)), path.Base(name)), err)
			}
			s.Language = f.lang
			out = append(out, s)
		}
	}
	sortNewestFirst(out)
	return out, nil
}

func sortNewestFirst(ss []*story) {
	sort.SliceStable(ss, func(i, j int) bool {
		if !ss[i].Published.Equal(ss[j].Published) {
			return ss[i].Published.After(ss[j].Published)
		}
		return ss[i].ID > ss[j].ID
	})
}

func parseStory(text string) (*story, error) {
	head, body, ok := strings.Cut(text, "\n---\n")
	if !ok {
		return nil, fmt.Errorf("no --- line between header and body")
	}
	s := &story{Template: Template2025}
	sc := bufio.NewScanner(strings.NewReader(head))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("header line %q: want key: value", line)
		}
		val = strings.TrimSpace(val)
		var err error
		switch strings.TrimSpace(key) {
		case "id":
			if _, err = strconv.ParseUint(val, 10, 64); err == nil {
				s.ID = val
			}
		case "slug":
			s.Slug = val
		case "template":
			s.Template = val
		case "section":
			s.Section = val
		case "published":
			s.Published, err = time.Parse(time.RFC3339, val)
		case "updated":
			s.Updated, err = time.Parse(time.RFC3339, val)
		case "authors":
			s.Authors = splitList(val, ";")
		case "tags":
			s.Tags = splitList(val, ",")
		case "title":
			s.Title = val
		case "lead":
			s.Lead = val
		case "caption":
			s.Caption = val
		case "private":
			s.Private = val == "true"
		case "feature":
			s.Feature = val == "true"
		case "claim":
			s.Claim = val
		case "claimant":
			s.Claimant = val
		case "verdict":
			s.Verdict = val
		case "verdict_why":
			s.VerdictWhy = val
		default:
			return nil, fmt.Errorf("unknown header key %q", key)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
	}
	if s.ID == "" || s.Title == "" || s.Section == "" || s.Published.IsZero() {
		return nil, fmt.Errorf("id, title, section and published are required")
	}
	switch s.Template {
	case Template2019, Template2025, TemplateFactCheck, TemplateProgramme:
	default:
		return nil, fmt.Errorf("unknown template %q", s.Template)
	}
	for _, block := range strings.Split(strings.TrimSpace(body), "\n\n") {
		if block = strings.Join(strings.Fields(block), " "); block != "" {
			s.Body = append(s.Body, block)
		}
	}
	return s, nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, it := range strings.Split(s, sep) {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}
