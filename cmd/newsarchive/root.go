package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// exitError carries a specific exit status (e.g. 1 for "not an article").
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// run executes the command line and returns the exit status. Errors are
// printed as one line, never as a stack trace.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	root := app.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	app.close()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "newsarchive: "+oneLine(err.Error()))
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 2
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (app *App) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "newsarchive",
		Short: "A search-indexed archive of news from RFE/RL and its sister Pangea sites",
		Long: `newsarchive collects articles from RFE/RL, VOA, Svoboda and the other Pangea sites,
finds the people, countries and dates they mention, and offers faceted search
in a web UI, a JSON API and the terminal.

Every flag can also be set from the environment: --rate is NEWSARCHIVE_RATE,
--base-url is NEWSARCHIVE_BASE_URL, and so on.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := bindEnv(cmd.Flags()); err != nil {
				return err
			}
			return app.setup(cmd)
		},
	}
	root.CompletionOptions.DisableDefaultCmd = true
	app.Config.globalFlags(root.PersistentFlags())
	root.AddCommand(
		app.scrapeCommand(),
		app.importCommand(),
		app.parseCommand(),
		app.extractCommand(),
		app.reindexCommand(),
		app.searchCommand(),
		app.exportCommand(),
		app.serveCommand(),
		app.demoCommand(),
		app.configCommand(),
		app.healthcheckCommand(),
		app.sitesCommand(),
		app.archiveCommand(),
	)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w (see `newsarchive %s --help`)", err, cmd.Name())
	})
	return root
}

// EnvName is the environment variable for a flag: --base-url → NEWSARCHIVE_BASE_URL.
func EnvName(flag string) string {
	return "NEWSARCHIVE_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// bindEnv fills every flag not given on the command line from its
// environment variable (and notes it, for `config`).
func bindEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || f.Name == "help" {
			return
		}
		val, ok := os.LookupEnv(EnvName(f.Name))
		if !ok || val == "" {
			return
		}
		if sv, isSlice := f.Value.(pflag.SliceValue); isSlice {
			err = sv.Replace(strings.Split(val, ","))
		} else {
			err = f.Value.Set(val)
		}
		if err != nil {
			err = fmt.Errorf("%s=%q: %w", EnvName(f.Name), val, err)
			return
		}
		f.Changed = true
		if f.Annotations == nil {
			f.Annotations = map[string][]string{}
		}
		f.Annotations[envAnnotation] = []string{EnvName(f.Name)}
	})
	return err
}
