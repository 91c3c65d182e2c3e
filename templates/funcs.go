package templates

import (
	"fmt"
	"html/template"
	"strconv"
	"time"
)

func funcMap(a *Assets) template.FuncMap {
	return template.FuncMap{
		"asset":    a.URL,
		"date":     Date,
		"datetime": DateTime,
		"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"day":      Day,
		"num":      Num,
		"plural":   Plural,
		"ms":       func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " ms" },
		"add":      func(a, b int) int { return a + b },
	}
}

// Date is a readable day: "20 Nov 2025" ("" for the zero time).
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

// DateTime is a readable moment: "20 Nov 2025, 12:15 UTC".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006, 15:04 MST")
}

// Day turns a YYYY-MM-DD value (a mentioned date) into "19 Nov 2025";
// anything else is returned as it is.
func Day(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}

// Num prints a count with thousands separators: 12,345.
func Num(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Plural is "1 article", "2 articles".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%s %s", Num(n), one)
	}
	return fmt.Sprintf("%s %s", Num(n), many)
}
