package scrape

import (
	"fmt"
	"strings"

	"newsarchive/archive"
)

// Error classes: what a run's error was, in a few words that hold nothing
// of the error's text (URLs of mirrors and internal hosts, addresses,
// process ids, database messages). Public views of runs show these.
const (
	ClassFetch        = "fetch failed"
	ClassDiscovery    = "discovery source failed"
	ClassParse        = "parse failed"
	ClassArchiveWrite = "archive write failed"
	ClassArchive      = "archive error"
	ClassShutdown     = "stopped by a shutdown"
	ClassProcessDied  = "the process running it stopped"
	ClassLocked       = "another scrape of the site was running"
	ClassMore         = "more errors in the server log"
	ClassOther        = "scrape error"
)

// ErrorClass is the class of one error a run recorded: the messages are
// the ones Run writes (fetch, parse and discovery failures, the run's own
// error) and jobs.Reclaim's note.
func ErrorClass(msg string) string {
	switch {
	case strings.Contains(msg, archive.ErrUnwritable.Error()):
		return ClassArchiveWrite
	case strings.HasPrefix(msg, "fetch state of "), strings.HasPrefix(msg, "record fetch state of "),
		strings.HasPrefix(msg, "archive article "), strings.HasPrefix(msg, "record scrape run"):
		return ClassArchive // the archive's errors (archive/fetchstate.go, articles.go, runs.go)
	case strings.HasPrefix(msg, "fetch "), strings.Contains(msg, ErrNothingFetched.Error()):
		return ClassFetch
	case strings.HasPrefix(msg, "parse "):
		return ClassParse
	case strings.HasPrefix(msg, "discover "), strings.HasPrefix(msg, "http://"), strings.HasPrefix(msg, "https://"):
		return ClassDiscovery // the run's discovery error, or a source's problem ("<url>: <reason>")
	case msg == msgShutdown:
		return ClassShutdown
	case msg == archive.RunStoppedNote:
		return ClassProcessDied
	case strings.HasPrefix(msg, "another scrape"):
		return ClassLocked
	case msg == msgMoreErrors:
		return ClassMore
	}
	return ClassOther
}

// PublicErrors turns a run's errors into their classes, each once in the
// order first seen, with how many times when more than once:
// ["fetch failed (12)", "archive write failed"].
func PublicErrors(errs []string) []string {
	out := []string{}
	n := map[string]int{}
	for _, e := range errs {
		c := ErrorClass(e)
		if n[c] == 0 {
			out = append(out, c)
		}
		n[c]++
	}
	for i, c := range out {
		if n[c] > 1 {
			out[i] = fmt.Sprintf("%s (%d)", c, n[c])
		}
	}
	return out
}
