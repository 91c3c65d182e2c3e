// Package samplesite is a built-in sample Pangea site: a few dozen
// articles (the project's seed article and articles written for this
// project, all fictional; English, and with Options.Languages Russian and
// Ukrainian ones too) rendered with the markup of the real Pangea
// templates, with the sitemaps, RSS feed, section pages and robots.txt a
// scraper discovers them by. The demo command serves it on loopback, and
// tests use it to run the scraper against a site whose content they know,
// with hooks to inject faults, change articles and see every request.
//
// Routes (absolute URLs in pages and sitemaps are built from the request's
// scheme and Host, so the site works on any port):
//
//	/robots.txt                   disallows /a/private/ and /search
//	/sitemap.xml                  sitemap index
//	/sitemap_8_latest.xml.gz      the newest articles
//	/sitemap_8_news.xml.gz        Google News sitemap of the newest articles
//	/sitemap_8_N.xml.gz           archive chunks, N = 1 newest, with lastmod
//	/sitemap_8_sections.xml.gz    the section pages
//	/api/                         RSS 2.0 of the newest articles
//	/z/<id>?p=N                   section pages, N = 0 first, 10 per page
//	/a/<slug>/<id>.html           articles (/a/<id>.html when slug-less; a
//	                              wrong slug redirects to the right one)
//	/img/<id>.png                 a placeholder picture
//
// Everything else is 404. Every answer carries an ETag (a hash of its
// content) and a Last-Modified time, and If-None-Match / If-Modified-Since
// get 304.
package samplesite
