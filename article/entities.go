package article

// Entity kinds: what the extractor finds in an article's text. The archive
// stores an article's entities as a map from kind to values, so a new kind
// needs no change to its schema.
const (
	KindPerson  = "person"
	KindCountry = "country"
	KindDate    = "date"
)

// Entities returns the article's entities by kind (kinds without values
// are left out).
func (a *Article) Entities() map[string][]string {
	m := map[string][]string{}
	for kind, vals := range map[string][]string{KindPerson: a.People, KindCountry: a.Countries, KindDate: a.Dates} {
		if len(vals) > 0 {
			m[kind] = vals
		}
	}
	return m
}

// SetEntities sets the article's entities from a map by kind (a kind the
// article has no field for is ignored here; it is kept in the archive).
func (a *Article) SetEntities(m map[string][]string) {
	a.People, a.Countries, a.Dates = m[KindPerson], m[KindCountry], m[KindDate]
}
