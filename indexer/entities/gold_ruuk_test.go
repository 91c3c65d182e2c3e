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
//
// Scores (people / countries / explicit dates F1). Before this work: dev 0.00 / 0.87 / 0.86,
// held-out 0.00 / 0.80 / 0.50. After: dev 1.00 / 1.00 / 1.00; held-out, scored once at the end,
// 0.82 / 1.00 / 1.00 (misses: two people whose English spelling the alias table does not know,
// John Coale written Коул and Mikalai Statkevich written Николай; and a surname in -вич taken for a
// patronymic, fixed after that scoring without changing the figure). The thresholds below sit under
// those figures. After that, the holdout tests below hold the sets written blind later in the
// work, each scored once on the rules of its day; holdout6 and holdout7 give the final figures.

// TestGoldRuUk scores the Russian/Ukrainian development texts.
func TestGoldRuUk(t *testing.T) {
	checkSet(t, filepath.Join("testdata", "ru-uk", "dev"), 0.95, 0.95, 0.95)
}

// TestRuUkOwn scores texts written for this project (first-run people F1 of its three batches:
// 0.88, 0.78 and 0.88 on the texts new in each; all 14 now 0.94) in the style of Russian and Ukrainian news
// (testdata/ru-uk/own: invented events, real public figures), annotated by the same conventions
// before they were first run: a check that the rules are not fitted to the eight gold texts.
func TestRuUkOwn(t *testing.T) {
	checkSet(t, filepath.Join("testdata", "ru-uk", "own"), 0.90, 0.95, 0.95)
}

// TestGoldRuUkHoldout scores the held-out Russian/Ukrainian texts.
func TestGoldRuUkHoldout(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout"), 0.80, 0.95, 0.95, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout2 scores the second held-out set (testdata/ru-uk/holdout2: 10 texts, 5 ru and
// 5 uk, written and annotated by a helper who saw neither the extractor's code, its tables nor its
// output). Scored once, before any change made after seeing it (at a710bf5): people 0.847 (P 0.835,
// R 0.858), countries 0.979, explicit dates 0.906. Its misses were then read and the general defects
// behind them fixed (see the commits after a710bf5), so it is no longer held out: the honest figure
// for the final rules comes from holdout3.
func TestGoldRuUkHoldout2(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout2"), 0.80, 0.95, 0.85, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout3 scores the third held-out set (testdata/ru-uk/holdout3: 12 texts, 6 ru and
// 6 uk, written and annotated by a helper who saw neither the extractor's code, its tables nor its
// output). Scored once, at e6abf3a (after the fixes holdout2 showed): people 0.848 (P 0.826,
// R 0.872), countries 0.974, explicit dates 0.971. Its misses were then read and fixed where
// general, so it is no longer held out; holdout4 gives the figure of the final rules.
func TestGoldRuUkHoldout3(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout3"), 0.80, 0.95, 0.95, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout4 scores the fourth held-out set (testdata/ru-uk/holdout4: 12 texts, 6 ru and
// 6 uk, written blind by a helper). Scored once, at 7ed2821 (after the fixes holdout3 showed):
// people 0.845 (P 0.845, R 0.845), countries 0.950, explicit dates 0.941. Its misses were then read
// and fixed where general; holdout5 gives the figure of the final rules.
func TestGoldRuUkHoldout4(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout4"), 0.80, 0.90, 0.90, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout5 scores the fifth held-out set (testdata/ru-uk/holdout5: 12 texts, 6 ru and
// 6 uk, written blind by a helper). Scored once, at 0988f51 (after the fixes holdout4 showed):
// people 0.774 (P 0.774, R 0.774), countries 0.979, explicit dates 0.936.
func TestGoldRuUkHoldout5(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout5"), 0.75, 0.90, 0.90, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout6 and TestGoldRuUkHoldout7 score the last two held-out sets (testdata/ru-uk/
// holdout6: 12 texts reworded from real 2022–2025 reporting; holdout7: 12 invented items in the
// style of RFE/RL's services; 6 ru and 6 uk each, written blind by two helpers). Scored once, at
// 1117c55, the final rules of this work, and not tuned on since:
//
//	holdout6: people 0.890 (P 0.894, R 0.886), countries 1.000, explicit dates 0.987
//	holdout7: people 0.878 (P 0.857, R 0.900), countries 0.983, explicit dates 0.988
//	together (234 people, 111 countries, 78 dates): people 0.884, countries 0.991, dates 0.987
//
// The sets before them read lower on the rules of their day (people 0.847, 0.848, 0.845, 0.774):
// each was scored once, then its general defects were fixed.
func TestGoldRuUkHoldout6(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout6"), 0.85, 0.95, 0.95, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout7: see TestGoldRuUkHoldout6.
func TestGoldRuUkHoldout7(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout7"), 0.85, 0.95, 0.95, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}

// TestGoldRuUkHoldout8 scores the eighth held-out set (testdata/ru-uk/holdout8: 12 texts reworded
// from real 2020–2025 reporting, 6 ru and 6 uk, written blind by a helper), scored once on the same
// rules as holdout6 and holdout7 (extraction unchanged since 1117c55): people 0.881 (P 0.870,
// R 0.892), countries 0.984, explicit dates 1.000. Sets 6–8 together (36 texts, 354 people):
// people 0.883, countries 0.988, explicit dates 0.991.
func TestGoldRuUkHoldout8(t *testing.T) {
	checkSetNotes(t, filepath.Join("testdata", "ru-uk", "holdout8"), 0.85, 0.95, 0.95, os.Getenv("ENTITIES_HOLDOUT_NOTES") != "")
}
