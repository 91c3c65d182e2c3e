package web

import (
	"time"

	"github.com/labstack/echo/v4"
)

// What a timed route is, for its latency metric.
const (
	timedSearch = "search"
	timedExport = "export"
)

// timed records a route's latency in the server's metrics (none without
// Metrics): searches by route pattern (c.Path(), never the literal path),
// exports by format.
func (s *Server) timed(kind string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if s.Metrics == nil {
				return next(c)
			}
			start := time.Now()
			err := next(c)
			if kind == timedSearch {
				s.Metrics.ObserveSearch(c.Path(), time.Since(start))
			} else {
				format := c.QueryParam("format")
				if format == "" {
					format = "csv"
				}
				s.Metrics.ObserveExport(format, time.Since(start))
			}
			return err
		}
	}
}
