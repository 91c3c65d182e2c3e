// Package templates owns the web UI's look: the html/template files (one
// layout, partials for the facet panel, chips, timeline, results and
// pagination, one file per page), the static assets (one CSS and one JS
// file) embedded in the binary, and the Echo renderer that builds one
// template set per page at start-up and wraps page data with site-wide
// fields. What the pages show is decided by the handlers in web.
package templates

import "embed"

// The template files: html/layout.html, html/partials/*.html and
// html/pages/<page>.html.
//
//go:embed html
var htmlFiles embed.FS

// The static assets served under /static/.
//
//go:embed static
var staticFiles embed.FS
