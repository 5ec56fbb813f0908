package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/buildinfo"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/suggest"
)

// command is one subcommand.
type command struct {
	name     string
	synopsis string // one line for the command list
	usage    string // the argument pattern, e.g. "[flags] SCENARIO.toml"
	help     string // paragraphs and examples, shown by -h
	flags    func(fs *flag.FlagSet) any
	run      func(ctx context.Context, env *env, opts any, args []string) error
	// endsOnSignal marks a command whose normal end is Ctrl-C (serve):
	// it exits 0 then, not 130.
	endsOnSignal bool
}

// env is what a command may touch: no globals.
type env struct {
	stdout, stderr io.Writer
	// isTerminal reports whether stderr is a terminal (for progress).
	isTerminal bool
}

func commands() []*command {
	return []*command{
		runCommand(),
		compareCommand(),
		sweepCommand(),
		sensitivityCommand(),
		validateCommand(),
		reportCommand(),
		backtestCommand(),
		serveCommand(),
		baselineCommand(),
		listCommand(),
		dataCommand(),
		versionCommand(),
	}
}

// usageError marks errors in how the command was called or in its input
// files; they exit with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// Run runs the tariffsim command line with args (without the program name)
// and returns the exit status.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, args, &env{stdout: stdout, stderr: stderr})
}

// RunTerminal is Run for a process whose stderr is a terminal: long
// commands then show progress.
func RunTerminal(ctx context.Context, args []string, stdout, stderr io.Writer, terminal bool) int {
	return run(ctx, args, &env{stdout: stdout, stderr: stderr, isTerminal: terminal})
}

func run(ctx context.Context, args []string, e *env) int {
	cmds := commands()
	if len(args) == 0 {
		topUsage(e.stderr, cmds)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			if c := find(cmds, args[1]); c != nil {
				commandUsage(e.stdout, c, nil)
				return 0
			}
			fmt.Fprintf(e.stderr, "tariffsim help: unknown command %q%s\n", args[1], suggest.Hint(args[1], names(cmds)))
			return 2
		}
		topUsage(e.stdout, cmds)
		return 0
	case "-version", "--version":
		name = "version"
	}
	c := find(cmds, name)
	if c == nil {
		fmt.Fprintf(e.stderr, "tariffsim: unknown command %q%s\nRun 'tariffsim help' for the list of commands.\n", name, suggest.Hint(name, names(cmds)))
		return 2
	}
	fs := flag.NewFlagSet("tariffsim "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	opts := c.flags(fs)
	// On a bad flag the flag package prints the problem; a pointer to the
	// help (printed below, not from fs.Usage, which -h also calls) is
	// more use than the whole of it.
	fs.Usage = func() {}
	// Flags may come before, between or after the arguments
	// ("run x.toml --format json"), as users type them; "--" ends flags.
	var pos, literal []string
	rest := args[1:]
	if i := slices.Index(rest, "--"); i >= 0 {
		rest, literal = rest[:i], rest[i+1:]
	}
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				// Help that was asked for goes to stdout, so it can be paged.
				commandUsage(e.stdout, c, fs)
				return 0
			}
			fmt.Fprintf(e.stderr, "Run 'tariffsim %s -h' for usage.\n", c.name)
			return 2
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		rest = rest[1:]
	}
	pos = append(pos, literal...)
	err := c.run(ctx, e, opts, pos)
	// main cancels ctx on SIGINT or SIGTERM. The command's error is then
	// a consequence, and success means it ignored the signal: either way
	// the user asked it to stop, so say so in one line and exit
	// 128+SIGINT, as a shell reports a command that SIGINT killed: the
	// line is "interrupted", or the command's own account of it
	// ("interrupted after 12 of 40 draws; nothing was written"). A usage
	// error still comes first: the command did not start.
	if errors.Is(ctx.Err(), context.Canceled) && !c.endsOnSignal && !errors.As(err, new(usageError)) {
		msg := "interrupted"
		if err != nil {
			if m := strings.TrimSuffix(err.Error(), ": "+context.Canceled.Error()); strings.HasPrefix(m, "interrupted") {
				msg = m
			}
		}
		fmt.Fprintf(e.stderr, "tariffsim %s: %s\n", c.name, msg)
		return 130
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(e.stderr, "tariffsim %s: %v\n", c.name, err)
	switch {
	case errors.Is(err, context.Canceled):
		return 130
	case errors.As(err, new(usageError)), pipeline.IsInputError(err):
		return 2
	}
	return 1
}

func find(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.name == name {
			return c
		}
	}
	return nil
}

func names(cmds []*command) []string {
	var ns []string
	for _, c := range cmds {
		ns = append(ns, c.name)
	}
	return ns
}

func topUsage(w io.Writer, cmds []*command) {
	fmt.Fprintf(w, `tariffsim simulates tariff and retaliation scenarios on trade flows with a
partial-equilibrium Armington model (WITS/SMART and GSIM as special cases).

Usage:

	tariffsim <command> [flags] [arguments]

Commands:

`)
	width := 0
	for _, c := range cmds {
		width = max(width, len(c.name))
	}
	for _, c := range cmds {
		fmt.Fprintf(w, "\t%-*s %s\n", width, c.name, c.synopsis)
	}
	fmt.Fprintf(w, `
Examples:

	tariffsim list                                     # the shipped scenarios
	tariffsim run scenarios/us-canada-mexico-25.toml   # summary on stdout, files in output/
	tariffsim run --format json --baseline flows.csv my.toml
	tariffsim validate scenarios/*.toml

Run 'tariffsim help <command>' or 'tariffsim <command> -h' for details.
The model and data are documented in docs/MODEL.md and docs/DATA.md.

Exit status: 0 success, 1 the run failed, 2 usage or input error, 130
interrupted (Ctrl-C or SIGTERM; serve stops with 0).
`)
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: tariffsim %s %s\n\n%s\n", c.name, c.usage, strings.TrimSpace(c.help))
	if fs == nil {
		fs = flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// versionString is what outputs are stamped with: the release and the
// commit it was built from, "0.1.0 (0ba7ab9c1d2e)", or "0.1.0 (devel)" for a
// build without VCS information (see internal/buildinfo), so that a
// published chart or results.json names the code that made it.
func versionString() string {
	in := buildinfo.Read()
	return in.Version + " (" + in.Commit + ")"
}

func versionCommand() *command {
	return &command{
		name: "version", synopsis: "print the version", usage: "",
		help:  "Prints the tariffsim release, the commit it was built from (\"devel\" without VCS\ninformation; \"+dirty\" for uncommitted changes) and the Go version. The same\nrelease and commit are in every chart's source note, report and results.json.",
		flags: func(*flag.FlagSet) any { return nil },
		run: func(_ context.Context, e *env, _ any, args []string) error {
			if len(args) > 0 {
				return usagef("version takes no arguments")
			}
			in := buildinfo.Read()
			_, err := fmt.Fprintf(e.stdout, "%s, %s\n", in, in.Go)
			return err
		},
	}
}

// listValue is a flag holding a comma-separated list from a fixed set.
type listValue struct {
	allowed []string
	values  []string
}

func (l *listValue) String() string { return strings.Join(l.values, ",") }

func (l *listValue) Set(s string) error {
	l.values = nil
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(strings.ToLower(v))
		if v == "" {
			continue
		}
		if !slices.Contains(l.allowed, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(l.allowed, ", "))
		}
		if !slices.Contains(l.values, v) {
			l.values = append(l.values, v)
		}
	}
	return nil
}

// choiceValue is a flag with one value from a fixed set.
type choiceValue struct {
	allowed []string
	value   string
}

func (c *choiceValue) String() string { return c.value }

func (c *choiceValue) Set(s string) error {
	s = strings.ToLower(s)
	if !slices.Contains(c.allowed, s) {
		return fmt.Errorf("%q is not one of %s%s", s, strings.Join(c.allowed, ", "), suggest.Hint(s, c.allowed))
	}
	c.value = s
	return nil
}
