package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func (app *App) healthcheckCommand() *cobra.Command {
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck [--url http://127.0.0.1:8080/healthz]",
		Short: "Ask a running server whether it is healthy: exit 0 if so, 1 if not (for Docker's HEALTHCHECK)",
		Long: `healthcheck asks a running server's /healthz whether its archive and index are
usable. It exits 0 when the answer is 200 and 1 otherwise, with the reason, so
it serves as a container HEALTHCHECK without a shell or curl.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := checkHealth(cmd.Context(), url, timeout)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintln(app.Stdout, body)
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "url", "http://127.0.0.1:8080/healthz", "the server's health URL")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Second, "how long to wait for the answer")
	return cmd
}

// checkHealth GETs a health URL and returns its body on 200.
func checkHealth(ctx context.Context, url string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("--url %q: %w", url, err)
	}
	client := &http.Client{Transport: &http.Transport{}} // no proxy: the server is local
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("unhealthy: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	body := strings.TrimSpace(string(b))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("unhealthy: %s answered %s: %s", url, resp.Status, body)
	}
	return body, nil
}
