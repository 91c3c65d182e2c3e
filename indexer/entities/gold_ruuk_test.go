package entities

import (
	"os"
	"path/filepath"
	"testing"
)

// The Russian/Ukrainian gold set (shared/gold/ru-uk-dev, 8 reworded real news texts, see
// testdata/ru-uk/README.md and CONVENTIONS-ru-uk.md) is split once, before any tuning:
//
//   - testdata/ru-uk/dev: kommersant.ru_7991718, vedomosti.ru_1142572, kloop.kg_2022-01-26-madumarov
//     (ru), lb.ua_693035, beztabu.net_n73760 (uk) — the rules were tuned on these;
//   - testdata/ru-uk/holdout: charter97.org_655378 (ru), espreso.tv_chubarov-rostov-vyroky,
//     radiosvoboda.org_27193078 (uk) — their errors were not looked at while tuning; they were
//     scored once at the end. Its misses are printed only with ENTITIES_HOLDOUT_NOTES=1.

// TestGoldRuUk scores the Russian/Ukrainian development texts.
func TestGoldRuUk(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "dev"), 0, 0, 0, true)
}

// TestRuUkOwn scores texts written for this project in the style of Russian and Ukrainian news
// (testdata/ru-uk/own: invented events, real public figures), annotated by the same conventions
// before they were first run: a check that the rules are not fitted to the eight gold texts.
func TestRuUkOwn(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "own"), 0, 0, 0, true)
}

// TestGoldRuUkHoldout scores the held-out Russian/Ukrainian texts.
func TestGoldRuUkHoldout(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout"), 0, 0, 0, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}
