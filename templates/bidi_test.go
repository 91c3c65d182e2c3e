package templates

import "testing"

func TestDirection(t *testing.T) {
	tests := []struct{ lang, tag, dir string }{
		{"fa", "fa", "rtl"},
		{"fa-AF", "fa-AF", "rtl"},
		{"prs", "prs", "rtl"},
		{"ps", "ps", "rtl"},
		{"ar", "ar", "rtl"},
		{"ur", "ur", "rtl"},
		{"he", "he", "rtl"},
		{"ckb", "ckb", "rtl"},
		{"uz-Arab", "uz-Arab", "rtl"},
		{"ku-Arab-IQ", "ku-Arab-IQ", "rtl"},
		{"ug-Cyrl", "ug-Cyrl", "ltr"},
		{"en", "en", "ltr"},
		{"en-US", "en-US", "ltr"},
		{"ru", "ru", "ltr"},
		{"uk", "uk", "ltr"},
		{"uz-Latn", "uz-Latn", "ltr"},
		{"sr_Latn", "sr-Latn", "ltr"},
		{"", "", "auto"},
		{"x", "", "auto"},
		{"fa\"><script>", "", "auto"},
		{"f1", "", "auto"},
		{"fa--AF", "", "auto"},
		{"fa-", "", "auto"},
		{"фа", "", "auto"},
	}
	for _, tc := range tests {
		if got := LangTag(tc.lang); got != tc.tag {
			t.Errorf("LangTag(%q) = %q, want %q", tc.lang, got, tc.tag)
		}
		if got := Direction(tc.lang); got != tc.dir {
			t.Errorf("Direction(%q) = %q, want %q", tc.lang, got, tc.dir)
		}
	}
}
