package scrape_test

import (
	"context"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// A scrape killed with SIGKILL at random moments and started again loses no
// stored article and stores none twice; every row is whole.
func TestScrapeSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("process-level test")
	}
	bin := testenv.Binary(t)
	site, base := testenv.SampleSite(t, samplesite.Options{ExtraArticles: 40})
	data := t.TempDir()
	rng := rand.New(rand.NewPCG(20251122, 2))
	scrape := func() *exec.Cmd {
		return exec.Command(bin, "--data", data, "--log-level", "warn", "scrape", "--site", "rferl",
			"--base-url", base, "--allow-private", "--rate", "40")
	}
	kills := 0
	for ; kills < 8; kills++ {
		cmd := scrape()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(100+rng.IntN(900)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	out, err := scrape().CombinedOutput()
	if err != nil {
		t.Fatalf("the run after %d kills failed: %v\n%s", kills, err, out)
	}
	t.Logf("after %d kills: %s", kills, out)

	ctx := context.Background()
	arch, err := archive.Open(ctx, filepath.Join(data, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()
	want := expected(site)
	got := articleIDs(t, arch)
	if len(got) != len(want) {
		t.Errorf("archived %d articles after kills, want %d", len(got), len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("article %s lost", id)
			continue
		}
		a, err := arch.Article(ctx, id)
		if err != nil || a.Title == "" || a.Body == "" {
			t.Errorf("article %s is not whole: %v", id, err)
		}
		if raw, err := arch.RawHTML(ctx, id); err != nil || len(raw) == 0 {
			t.Errorf("article %s has no raw page: %v", id, err)
		}
	}
	runs, err := arch.Runs(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs[1:] {
		if r.State == archive.RunRunning {
			t.Errorf("run %d of a killed process still says running", r.ID)
		}
	}
}
