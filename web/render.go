package web

import (
	"io"

	"github.com/labstack/echo/v4"

	"newsarchive/templates"
)

// renderer renders the UI's pages for Echo (c.Render) from the embedded
// templates.
type renderer struct{ *templates.Renderer }

func newRenderer() (*renderer, error) {
	r, err := templates.New()
	if err != nil {
		return nil, err
	}
	return &renderer{r}, nil
}

// Render implements echo.Renderer.
func (r *renderer) Render(w io.Writer, name string, data any, c echo.Context) error {
	return r.Renderer.Render(w, name, c.Request().URL.Path, data)
}

// serveAsset answers GET /static/:file.
func (r *renderer) serveAsset(c echo.Context) error {
	if !r.Assets().Serve(c.Response(), c.Request(), c.Param("file")) {
		return echo.NewHTTPError(404, "no such file")
	}
	return nil
}
