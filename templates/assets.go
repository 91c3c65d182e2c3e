package templates

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// StaticPrefix is the URL path under which assets are served.
const StaticPrefix = "/static/"

// Asset is one embedded static file.
type Asset struct {
	Name        string // file name, e.g. app.css
	Path        string // fingerprinted URL path, e.g. /static/app.3f2a9c1e07.css
	ContentType string
	ETag        string
	Body        []byte
}

// Assets are the embedded static files, looked up by name or URL path.
// Nothing outside them can be served: requests are answered from a map,
// never from a file system path.
type Assets struct {
	byName map[string]*Asset
	byFile map[string]*Asset // URL file name (fingerprinted or plain) → asset
}

func loadAssets(fsys fs.FS, dir string) (*Assets, error) {
	a := &Assets{byName: map[string]*Asset{}, byFile: map[string]*Asset{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("templates: static assets: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("templates: static assets: %w", err)
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(e.Name())
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		if ext == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		file := strings.TrimSuffix(e.Name(), ext) + "." + hash + ext
		as := &Asset{Name: e.Name(), Path: StaticPrefix + file, ContentType: ct, ETag: `"` + hash + `"`, Body: body}
		a.byName[e.Name()] = as
		a.byFile[file] = as
		a.byFile[e.Name()] = as
	}
	return a, nil
}

// Lookup returns the asset with this file name.
func (a *Assets) Lookup(name string) (*Asset, bool) {
	as, ok := a.byName[name]
	return as, ok
}

// URL returns the fingerprinted URL path of an asset; templates call it as
// {{asset "app.css"}}. An unknown name panics at render time in tests.
func (a *Assets) URL(name string) (string, error) {
	as, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return as.Path, nil
}

// Names lists the assets' file names.
func (a *Assets) Names() []string {
	out := make([]string, 0, len(a.byName))
	for n := range a.byName {
		out = append(out, n)
	}
	return out
}

// Serve answers GET /static/:file. A fingerprinted name is cached for a
// year (its content can never change under that name); a plain name for
// five minutes; both carry an ETag and answer If-None-Match with 304. It
// writes nothing and returns false for a file it does not have.
func (a *Assets) Serve(w http.ResponseWriter, r *http.Request, file string) bool {
	as, ok := a.byFile[file]
	if !ok {
		return false
	}
	h := w.Header()
	if file == as.Name {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	h.Set("ETag", as.ETag)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, as.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	h.Set("Content-Type", as.ContentType)
	w.WriteHeader(http.StatusOK)
	w.Write(as.Body)
	return true
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
