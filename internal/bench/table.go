package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable prints the report as one readable table.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "newsarchive benchmark: %d articles, GOMAXPROCS %d, %s, %s\n\n", r.N, r.GOMAXPROCS, r.CPU, r.When.Format("2006-01-02 15:04"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tengine\tarticles\tseconds\tper second\tpeak RSS MB\tpeak anon MB\t")
	for _, p := range r.Phases {
		per := "-"
		if p.PerSec > 0 {
			per = fmt.Sprintf("%.0f", p.PerSec)
		}
		arts := "-"
		if p.Articles > 0 {
			arts = fmt.Sprint(p.Articles)
		}
		secs := "-"
		if p.Seconds > 0 {
			secs = fmt.Sprintf("%.1f", p.Seconds)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.0f\t%.0f\t\n", p.Name, p.Engine, arts, secs, per,
			float64(p.PeakRSS)/(1<<20), float64(p.PeakAnon)/(1<<20))
	}
	tw.Flush()
	archive := "—" // not measured (a PostgreSQL archive)
	if r.ArchivePerArticle > 0 {
		archive = fmt.Sprintf("%.0f B", r.ArchivePerArticle)
	}
	fmt.Fprintf(w, "\nsize per article: archive %s, index %.0f B", archive, r.IndexPerArticle)
	if r.PlainIndexPerArticle > 0 {
		fmt.Fprintf(w, ", plain Bleve index %.0f B", r.PlainIndexPerArticle)
	}
	fmt.Fprint(w, "\n\n")
	plain := map[string]Latency{}
	for _, l := range r.Latencies {
		if l.Engine == "plain-bleve" {
			plain[fmt.Sprint(l.Class, l.Clients)] = l
		}
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "query class\tclients\tp50 ms\tp95 ms\tp99 ms\tqueries\terrors\tplain p50\tplain p95\tplain p99\tp95 ratio\t")
	for _, l := range r.Latencies {
		if l.Engine != "newsarchive" {
			continue
		}
		row := fmt.Sprintf("%s\t%d\t%.1f\t%.1f\t%.1f\t%d\t%d\t", l.Class, l.Clients, l.P50ms, l.P95ms, l.P99ms, l.Queries, l.Errors)
		if p, ok := plain[fmt.Sprint(l.Class, l.Clients)]; ok && l.P95ms > 0 {
			row += fmt.Sprintf("%.1f\t%.1f\t%.1f\t%.1fx faster\t", p.P50ms, p.P95ms, p.P99ms, p.P95ms/l.P95ms)
		} else {
			row += "-\t-\t-\t-\t"
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
}
