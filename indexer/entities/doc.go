// Package entities owns entity extraction for the archive: it finds the people, countries and
// calendar days a news text mentions and gives them in canonical form, ready to be facets.
//
// It is rules and tables, pure Go, no model: one tokenizer pass over the text, then
//   - people from capitalised name sequences (with the particles von der, al-, bin, de, van, ...),
//     confirmed by a first-name lexicon, a title in front ("Foreign Minister", "spokesman", "Dr."),
//     a speech verb ("..., Lavrov said") or the alias table; titles and possessives are stripped,
//     a surname-only mention joins the full name the text uses, spelling variants collapse through
//     a transliteration key (Zelensky/Zelenskyy/Zelenskiy, Sergey/Sergei, Alexei/Aleksei);
//     organisations, media, buildings and groups are refused;
//   - countries from names, abbreviations, demonyms, capitals, national institutions (Kremlin,
//     White House) and places located in a country (Lviv, Chechnya, Crimea), but not from words
//     inside a person's or an organisation's name;
//   - dates as YYYY-MM-DD from "October 21", "21 October", "Oct. 21, 2025", "21.10.2025",
//     "2025-10-21", "August 22-24" (both ends), Russian and Ukrainian month names, and relative days
//     ("yesterday", "on Monday", "last Friday") resolved against the publication date.
//
// The tables are embedded (data/): generated ones from npm datasets by internal/gen (see
// data/ATTRIBUTION.md for sources and licences) and small hand-kept ones beside them.
//
// # Alias table
//
// Extractor.LoadAliases reads a user alias table, one alias a line:
//
//	# comment
//	Zelenskiy = Volodymyr Zelenskyy
//	Lukashenko = Alyaksandr Lukashenka
//
// The left side is a surname or another spelling, the right side the canonical full name. Matching
// ignores case, accents and the usual transliteration differences. A surname-only mention with no
// full name in the same text resolves through the table; when the text writes the full name, its
// own spelling wins. Blank lines and lines starting with # are ignored; a line without "=" is an error.
//
// # Input limits
//
// Texts longer than MaxTextBytes are cut (at a space) and only their beginning is read;
// ExtractDetailed says when that happened. Invalid UTF-8 and control characters are read as spaces.
package entities
