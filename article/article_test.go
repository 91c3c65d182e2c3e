package article

import "testing"

func TestBaseLanguage(t *testing.T) {
	for in, want := range map[string]string{"en-GB": "en", "ru_RU": "ru", " UK ": "uk", "sr-Latn-RS": "sr", "": "", "-x": ""} {
		if got := BaseLanguage(in); got != want {
			t.Errorf("BaseLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}
