package samplesite

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed articles/*.txt
var articleFiles embed.FS

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

// loadStories reads the embedded articles, newest first.
func loadStories() ([]*story, error) {
	names, err := fs.Glob(articleFiles, "articles/*.txt")
	if err != nil {
		return nil, err
	}
	var out []*story
	for _, name := range names {
		b, err := articleFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := parseStory(string(b))
		if err != nil {
			return nil, fmt.Errorf("sample article %s: %w", path.Base(name), err)
		}
		out = append(out, s)
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
