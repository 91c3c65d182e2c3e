package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// remoteGet calls the API of the server holding the index and returns the
// response body (the caller closes it); an API error becomes an error with
// the server's message.
func remoteGet(ctx context.Context, addr, path string, v url.Values) (io.ReadCloser, error) {
	u := "http://" + addr + path + "?" + v.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: 0}
	if path != "/api/export" {
		client.Timeout = 60 * time.Second
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the index is held by the server at %s, which does not answer: %w", addr, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var e struct {
			Error string `json:"error"`
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if json.Unmarshal(body, &e) == nil && e.Error != "" {
			return nil, fmt.Errorf("%s", e.Error)
		}
		return nil, fmt.Errorf("the server at %s answered %s", addr, resp.Status)
	}
	return resp.Body, nil
}
