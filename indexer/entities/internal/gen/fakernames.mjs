// Dumps the first names of @faker-js/faker's locales as JSON {locale: [names]} on stdout.
// Input for `go run ./internal/gen -faker FILE`; see gen's doc comment.
import { allLocales } from '@faker-js/faker';
const out = {};
for (const [k, v] of Object.entries(allLocales)) {
  const fn = v.person && v.person.first_name;
  if (!fn) continue;
  const names = new Set();
  for (const g of ['generic', 'male', 'female']) for (const n of fn[g] || []) names.add(n);
  out[k] = [...names].sort();
}
console.log(JSON.stringify(out));
