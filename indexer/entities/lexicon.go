package entities

// Table returns the lines of one of the extractor's embedded tables (for
// example "commonwords.gen.txt", most frequent word first, or
// "countries.gen.tsv"), comments left out. Benchmarks build realistic text
// from them.
func Table(name string) ([]string, error) {
	var out []string
	err := readLines(name, func(line string) error {
		out = append(out, line)
		return nil
	})
	return out, err
}
