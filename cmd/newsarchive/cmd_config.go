package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"newsarchive/archive"
)

// envAnnotation marks a flag that bindEnv filled from the environment.
const envAnnotation = "newsarchive_from_env"

func (app *App) configCommand() *cobra.Command {
	var sc serveConfig
	cmd := &cobra.Command{
		Use:   "config [serve and scrape flags]",
		Short: "Print the effective configuration (flags, then NEWSARCHIVE_* variables, then defaults), secrets redacted, and check it",
		Long: `config prints every setting of serve and scrape — and the global ones — as
they come out of the command line, the NEWSARCHIVE_* environment variables
and the defaults, with where each came from. Secrets (the admin token) are
redacted. It then checks them as serve would at start (schedule, time zone,
sites, rates) and fails with the reason if one is wrong.`,
		Example: `  NEWSARCHIVE_SCHEDULE=@hourly newsarchive config
  newsarchive config --schedule "0 0 30 2 *"   # fails: that schedule never fires`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			printConfig(app.Stdout, cmd)
			if err := app.checkArchiveFlag(); err != nil {
				return err
			}
			if archive.IsURL(app.archiveTarget()) {
				fmt.Fprintf(app.Stdout, "# archive: PostgreSQL at %s\n", archive.Redact(app.archiveTarget()))
			} else {
				fmt.Fprintf(app.Stdout, "# archive: SQLite file %s\n", app.archiveTarget())
			}
			if err := sc.check(); err != nil {
				return err
			}
			if s := sc.setup.schedule; s != nil {
				fmt.Fprintf(app.Stdout, "# schedule %s: next run %s\n", s, s.Next(time.Now()).Format(time.RFC3339))
			}
			return nil
		},
	}
	sc.flags(cmd)
	sc.scrape.register(cmd.Flags())
	sc.jobs.register(cmd.Flags())
	return cmd
}

// printConfig writes one line per flag: name, value, where it came from.
func printConfig(w io.Writer, cmd *cobra.Command) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "# setting\tvalue\tfrom")
	write := func(fs *pflag.FlagSet) {
		var flags []*pflag.Flag
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Name != "help" {
				flags = append(flags, f)
			}
		})
		sort.Slice(flags, func(i, j int) bool { return flags[i].Name < flags[j].Name })
		for _, f := range flags {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Name, shownValue(f), source(f))
		}
	}
	write(cmd.InheritedFlags())
	write(cmd.LocalFlags())
	tw.Flush()
}

// shownValue is a flag's value as config prints it: secrets redacted,
// lists joined with commas, empty shown as "".
func shownValue(f *pflag.Flag) string {
	v := f.Value.String()
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		v = strings.Join(sv.GetSlice(), ",")
	}
	if _, secret := f.Annotations[secretAnnotation]; secret {
		if v == "" {
			return `"" (not set)`
		}
		return "<redacted>"
	}
	if v == "" {
		return `""`
	}
	if f.Name == "archive" {
		return archive.Redact(v)
	}
	return v
}

// source says where a flag's value came from.
func source(f *pflag.Flag) string {
	if env, ok := f.Annotations[envAnnotation]; ok && len(env) > 0 {
		return "env " + env[0]
	}
	if f.Changed {
		return "flag --" + f.Name
	}
	if _, set := os.LookupEnv(EnvName(f.Name)); set {
		return "default (" + EnvName(f.Name) + " is empty)"
	}
	return "default"
}
