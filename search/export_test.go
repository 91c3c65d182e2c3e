package search

import "testing"

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Sergei Lavrov", "Sergei Lavrov"},
		{"2025-10-20", "2025-10-20"},
		{"=1+1", "'=1+1"},
		{"+SUM(1,2)", "'+SUM(1,2)"},
		{"-2+3", "'-2+3"},
		{"@cmd", "'@cmd"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"  =1+1", "'  =1+1"},
		{"\u00a0=1+1", "'\u00a0=1+1"},
		{"\u200b=1+1", "'\u200b=1+1"},
		{"\ufeff@x", "'\ufeff@x"},
		{"\n=1", "'\n=1"},
		{"＝1+1", "'＝1+1"},
		{"＋1", "'＋1"},
		{"a=1", "a=1"},
		{"   ", "   "},
		{"café = bar", "café = bar"},
	}
	for _, tc := range tests {
		if got := SafeCell(tc.in); got != tc.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
