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
// # Russian, Ukrainian and other Cyrillic text
//
// Cyrillic words go through their own rules (tables in cyrillic.go; mentions in cyrmentions.go;
// nominatives in cyrnominative.go; people and their values in cyrpeople.go), with values in English:
//   - people: runs of capitalised Cyrillic words, cut at places and title words; a known first name
//     (faker's ru/uk lists plus a hand-kept regional list, any case form) or a word the text also
//     writes capitalised inside a sentence starts a full name; patronymics are left out (Сергей
//     Викторович Лавров, Лавров Сергей Викторович). Every case form of a name shares one key (the
//     word minus its case ending, Russian and Ukrainian letters folded: Путина, Путіним → путин), so a
//     surname-only mention joins the full name. The value is the alias table's English name when it
//     knows the person — a Cyrillic alias in any case form, or the romanized surname matched against
//     the table (Сибіга → Sybiha → Andriy Sybiha) — else the romanization of the reconstructed
//     nominative: BGN/PCGN for Russian, KMU 2010 for Ukrainian (the text's letters tell which);
//     foreign first names take their English spelling (Кіт → Keith). A plural surname after two
//     first names names two people (Віталія та Володимира Кличків); a run that starts with an
//     adjective form (Нижний Тагил) or holds a building or organisation word (Храм Христа
//     Спасителя) is no person. Kazakh, Kyrgyz and Tajik texts are read with the Russian rules, their
//     case suffixes cut (Путинмен, Жапаровдун).
//   - countries: places.cyr.tsv (stems that take case endings: Киеве, Львові, российской, Кремля) and
//     the Cyrillic country names of world-countries and i18n-iso-countries; regions and look-alikes
//     (Кавказ, "Того ж дня") are listed as not countries.
//   - dates: day-month forms in any case ("21 октября", "17-го октября", "з 1 по 3 червня"), сегодня /
//     вчора and "в понедельник" as relative days; a quoted day keeps the year its sentence gives.
//     Kazakh, Kyrgyz, Uzbek and Tajik months with their suffixes and years ("2024 жылғы 16
//     желтоқсанда", "2024-жылдын 17-ноябрында", "5-mart", "12 майи соли 2023"): dates_centralasia.go.
//
// Stemmers such as Snowball's Russian one are made for ordinary words and cut names unevenly
// (Лавров → лавр, Лаврова → лавров), so names use the small case-ending table instead. Latin
// look-alike letters inside a Cyrillic word are read as Cyrillic (Пyтин); any other mixed-script
// word is not a name. Scripts without tables (Georgian, Armenian, Arabic) give no people.
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
//	Колесникова = Maria Kalesnikava
//
// The left side is a surname or another spelling, the right side the canonical full name. Matching
// ignores case, accents and the usual transliteration differences; a Cyrillic left side matches
// every case form of its words (Колесникову, Колеснікової). A surname-only mention with no
// full name in the same text resolves through the table; when the text writes the full name, its
// own spelling wins. Blank lines and lines starting with # are ignored; a line without "=" is an error.
//
// # Input limits
//
// Texts longer than MaxTextBytes are cut (at a space) and only their beginning is read;
// ExtractDetailed says when that happened. Invalid UTF-8 and control characters are read as spaces.
package entities
