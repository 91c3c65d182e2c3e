package metrics

import (
	"time"

	"github.com/labstack/echo/v4"
)

// Register adds GET /metrics and the latency middleware of searches and
// exports to an Echo server (web.Server.Extra). Searches are the landing
// page, the search page and the search API; exports the export API (and an
// export page route, if the UI has one), by format.
func (m *Metrics) Register(e *echo.Echo) {
	search := map[string]bool{"/": true, "/search": true, "/api/search": true}
	export := map[string]bool{"/api/export": true, "/export": true}
	formats := map[string]bool{"csv": true, "json": true, "ndjson": true}
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			route := c.Path()
			isSearch, isExport := search[route], export[route]
			if !isSearch && !isExport {
				return next(c)
			}
			start := time.Now()
			err := next(c)
			took := time.Since(start).Seconds()
			if isSearch {
				m.searchSeconds.WithLabelValues(route).Observe(took)
			} else {
				format := c.QueryParam("format")
				if format == "" {
					format = "csv"
				}
				if !formats[format] {
					format = "other"
				}
				m.exportSeconds.WithLabelValues(format).Observe(took)
			}
			return err
		}
	})
	e.GET("/metrics", echo.WrapHandler(m.Handler()))
}
