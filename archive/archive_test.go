package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsarchive/article"
	"newsarchive/internal/pgtest"
)

func openTest(t *testing.T) *Archive {
	t.Helper()
	a, err := Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func sample(id, body string) *article.Article {
	return &article.Article{
		ID: id, URL: "https://www.rferl.org/a/x/" + id + ".html", Site: "rferl", Language: "en",
		Title: "Title " + id, Body: body, Authors: []string{"A. Writer"},
		Published: time.Date(2025, 10, 22, 10, 0, 0, 0, time.UTC), Section: "Russia", Tags: []string{"Russia"},
	}
}

func TestSaveArticleOutcomes(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	steps := []struct {
		name string
		art  *article.Article
		want SaveResult
	}{
		{"first time", sample("100", "one"), New},
		{"same again", sample("100", "one"), Unchanged},
		{"changed body", sample("100", "two"), Updated},
		{"another id", sample("200", "one"), New},
		{"mirror url, same id", func() *article.Article {
			x := sample("200", "one")
			x.URL = "https://staging.rferl.org/a/200.html"
			return x
		}(), Unchanged},
	}
	for _, s := range steps {
		got, err := a.SaveArticle(ctx, s.art, []byte("<html>"+s.art.Body+"</html>"))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got != s.want {
			t.Errorf("%s: got %v, want %v", s.name, got, s.want)
		}
	}
	c, err := a.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 2 || c.Pending != 2 {
		t.Errorf("counts = %+v, want 2 articles, 2 pending", c)
	}
	art, err := a.Article(ctx, "100")
	if err != nil {
		t.Fatal(err)
	}
	if art.Body != "two" || art.Authors[0] != "A. Writer" || !art.Published.Equal(time.Date(2025, 10, 22, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("stored article = %+v", art)
	}
	revs, err := a.Revisions(ctx, "100")
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 || revs[0].Article.Body != "one" || revs[0].Version != 1 {
		t.Errorf("revisions = %+v, want the first version", revs)
	}
	raw, err := a.RawHTML(ctx, "100")
	if err != nil || string(raw) != "<html>two</html>" {
		t.Errorf("raw = %q, %v", raw, err)
	}
	if _, err := a.Article(ctx, "999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: err = %v, want ErrNotFound", err)
	}
	if art2, _ := a.Article(ctx, "200"); art2.URL != "https://staging.rferl.org/a/200.html" {
		t.Errorf("url not updated: %s", art2.URL)
	}
}

func TestFetchStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	u := "https://www.rferl.org/a/1.html"
	if _, ok, err := a.FetchState(ctx, u); ok || err != nil {
		t.Fatalf("empty archive: ok=%v err=%v", ok, err)
	}
	want := FetchState{URL: u, ArticleID: "1", ETag: `"abc"`, LastModified: "Wed, 22 Oct 2025 10:00:00 GMT",
		Status: 200, Outcome: "new", FetchedAt: time.Date(2025, 10, 22, 10, 0, 0, 0, time.UTC)}
	if err := a.PutFetchState(ctx, want); err != nil {
		t.Fatal(err)
	}
	want.Attempts, want.LastError, want.Status = 2, "status 503", 503
	if err := a.PutFetchState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := a.FetchState(ctx, u)
	if !ok || err != nil || got != want {
		t.Errorf("got %+v, want %+v (%v)", got, want, err)
	}
}

// eachBackend runs test on a new SQLite archive and on a new PostgreSQL one (a private
// cluster, see pgtest): the statements are shared, so both must keep the behaviour.
func eachBackend(t *testing.T, test func(t *testing.T, a *Archive)) {
	t.Run("sqlite", func(t *testing.T) { test(t, openTest(t)) })
	t.Run("postgres", func(t *testing.T) {
		a, err := Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		test(t, a)
	})
}

func TestRuns(t *testing.T) { eachBackend(t, testRuns) }

func testRuns(t *testing.T, a *Archive) {
	ctx := context.Background()
	id, err := a.StartRun(ctx, Run{Site: "rferl", Trigger: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.FinishRun(ctx, id, RunDone, map[string]int64{"new": 3}, nil); err != nil {
		t.Fatal(err)
	}
	// A run left "running" by a process that no longer exists.
	if _, err := a.db.ExecContext(ctx, `INSERT INTO runs(site, trigger, state, pid, host, started_at)
		SELECT 'voa', 'cli', 'running', 999999999, host, started_at FROM runs WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	n, err := a.MarkDeadRuns(ctx)
	if err != nil || n != 1 {
		t.Fatalf("MarkDeadRuns = %d, %v; want 1", n, err)
	}
	runs, err := a.Runs(ctx, 10)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs = %v, %v", runs, err)
	}
	if runs[0].State != RunInterrupted || len(runs[0].Errors) != 1 || runs[0].Errors[0] != RunStoppedNote {
		t.Errorf("dead run = %+v, want interrupted with a reason", runs[0])
	}
	if runs[1].State != RunDone || runs[1].Counts["new"] != 3 || runs[1].FinishedAt.IsZero() {
		t.Errorf("finished run = %+v", runs[1])
	}
}

func TestLocks(t *testing.T) { eachBackend(t, testLocks) }

func testLocks(t *testing.T, a *Archive) {
	ctx := context.Background()
	ok, _, err := a.TryLock(ctx, "scrape:rferl", "cli")
	if !ok || err != nil {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	ok, holder, err := a.TryLock(ctx, "scrape:rferl", "schedule")
	if ok || err != nil || holder.Owner != "cli" {
		t.Fatalf("second lock: ok=%v holder=%+v err=%v; want refused, held by cli", ok, holder, err)
	}
	if ok, _, _ := a.TryLock(ctx, "scrape:voa", "cli"); !ok {
		t.Error("a lock of another site should be free")
	}
	if err := a.Unlock(ctx, "scrape:rferl"); err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := a.TryLock(ctx, "scrape:rferl", "again"); !ok {
		t.Error("lock not free after Unlock")
	}

	// Stale locks: a dead process on this host, or a holder elsewhere without heartbeat.
	stale := []struct {
		name, host string
		pid        int
		beat       time.Time
	}{
		{"dead-pid", "", 999999999, time.Now()},
		{"no-heartbeat", "other-host", 1, time.Now().Add(-StaleAfter - time.Minute)},
	}
	for _, s := range stale {
		t.Run(s.name, func(t *testing.T) {
			host := s.host
			if host == "" {
				host = hostOf(t, a.db.DB)
			}
			_, err := a.db.ExecContext(ctx, "INSERT INTO locks VALUES (?,?,?,?,?,?)", s.name, "crashed", s.pid, host,
				timeText(s.beat), timeText(s.beat))
			if err != nil {
				t.Fatal(err)
			}
			if ok, h, err := a.TryLock(ctx, s.name, "new"); !ok || err != nil {
				t.Errorf("stale lock not taken over: holder %+v, err %v", h, err)
			}
		})
	}
	// A live holder on another host with a fresh heartbeat keeps it.
	if _, err := a.db.ExecContext(ctx, "INSERT INTO locks VALUES ('live','other',1,'other-host',?,?)",
		timeText(time.Now()), timeText(time.Now())); err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := a.TryLock(ctx, "live", "new"); ok {
		t.Error("took a live lock")
	}
	// A lease held by a live process elsewhere is refused; gone stale, it is taken over.
	if _, err := a.db.ExecContext(ctx, "INSERT INTO locks VALUES ('extract','lease',1,'node-b',?,?)",
		timeText(time.Now()), timeText(time.Now())); err != nil {
		t.Fatal(err)
	}
	if held, err := a.Lease(ctx, "extract"); held || err != nil {
		t.Errorf("Lease of a live holder's lease = %v, %v; want refused", held, err)
	}
	silent := timeText(time.Now().Add(-StaleAfter - time.Minute))
	if _, err := a.db.ExecContext(ctx, "UPDATE locks SET heartbeat_at = ? WHERE name = 'extract'", silent); err != nil {
		t.Fatal(err)
	}
	if held, err := a.Lease(ctx, "extract"); !held || err != nil {
		t.Errorf("Lease of a silent holder's lease = %v, %v; want taken over", held, err)
	}
	// The same pid on another host (containers all run as pid 1) is another process: this
	// process's Unlock and Heartbeat leave its lock alone.
	old := time.Now().Add(-time.Minute)
	if _, err := a.db.ExecContext(ctx, "INSERT INTO locks VALUES ('twin','other',?,'container-b',?,?)",
		os.Getpid(), timeText(old), timeText(old)); err != nil {
		t.Fatal(err)
	}
	if err := a.Heartbeat(ctx, "twin"); err != nil {
		t.Fatal(err)
	}
	if err := a.Unlock(ctx, "twin"); err != nil {
		t.Fatal(err)
	}
	var beat string
	if err := a.db.QueryRowContext(ctx, "SELECT heartbeat_at FROM locks WHERE name = 'twin'").Scan(&beat); err != nil {
		t.Fatalf("another host's lock with our pid was released: %v", err)
	}
	if got := parseTimeText(beat); !got.Equal(parseTimeText(timeText(old))) {
		t.Errorf("another host's lock with our pid got our heartbeat: %v, want %v", got, old)
	}
}

func hostOf(t *testing.T, db *sql.DB) string {
	t.Helper()
	var h string
	if err := db.QueryRow("SELECT host FROM locks WHERE name = 'scrape:rferl'").Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveArticle(ctx, sample("7", "x"), nil); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Article(ctx, "7"); err != nil {
		t.Errorf("article lost across reopen: %v", err)
	}
}

func TestListsRoundTrip(t *testing.T) {
	for _, in := range [][]string{
		nil, {}, {"Sergei Lavrov"}, {"Radosław Sikorski", "Ursula von der Leyen"},
		{`say "hi"`, `back\slash`, "a\",\"b", "tab\there", "<b>&", "line\u2028sep"},
		{""}, {"", ""},
	} {
		got := parseList(jsonList(in))
		want := in
		if want == nil {
			want = []string{}
		}
		if len(got) != len(want) {
			t.Errorf("%q → %q", in, got)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%q → %q", in, got)
			}
		}
	}
}

func TestParseEntitiesFast(t *testing.T) {
	for _, tc := range []struct {
		m    map[string][]string
		fast bool // read without encoding/json
	}{
		{map[string][]string{"person": {"Sergei Lavrov"}}, true},
		{map[string][]string{"country": {"Russia", "Ukraine"}, "date": {"2025-10-20"}, "person": {"A, B"}}, true},
		{map[string][]string{"person": {"C]D"}}, false},
		{map[string][]string{"person": {`Quote "x"`}}, false},
		{map[string][]string{"person": {"Back\\slash"}}, false},
		{map[string][]string{"person": {"Tab\there"}}, false},
		{map[string][]string{"x": {"]", ",", ":["}}, false},
		{map[string][]string{}, true},
	} {
		js := EntitiesKey(tc.m)
		if got := parseEntities(js); !SameEntities(got, tc.m) {
			t.Errorf("%s read back as %v", js, got)
		}
		if _, ok := parseEntitiesFast(js); ok != tc.fast {
			t.Errorf("%s: fast path %v, want %v", js, ok, tc.fast)
		}
	}
}

// BenchmarkParseEntities compares the fast path with encoding/json on a typical article's entities.
func BenchmarkParseEntities(b *testing.B) {
	js := EntitiesKey(map[string][]string{"person": {"Sergei Lavrov", "Volodymyr Zelenskyy", "Donald Trump"},
		"country": {"Russia", "Ukraine", "United States"}, "date": {"2025-10-20", "2025-10-21"}})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			parseEntitiesFast(js)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := map[string][]string{}
			_ = json.Unmarshal([]byte(js), &m)
		}
	})
}
