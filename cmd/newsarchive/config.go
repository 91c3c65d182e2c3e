package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/pflag"
)

// Config is the effective configuration: flags, filled from NEWSARCHIVE_*
// environment variables where not given.
type Config struct {
	Data      string
	Archive   string // a postgres:// URL; empty: DATA/archive.db
	LogFormat string
	LogLevel  string
}

func (c *Config) globalFlags(fs *pflag.FlagSet) {
	fs.StringVar(&c.Data, "data", "./data", "data directory holding archive.db and index/")
	fs.StringVar(&c.Archive, "archive", "", "the archive: a postgres:// URL shared by several processes and machines (each serve node keeps its index in --data); default: the embedded SQLite DATA/archive.db")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}
