package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runArgs runs the binary's dispatch with the command line args.
func runArgs(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

// Every subcommand in the table, under each of its names, answers -h and
// --help with its usage on stdout and exit 0, even where it takes a verb
// first (plan, reminders). The usage names the subcommand.
func TestEverySubcommandAnswersHelp(t *testing.T) {
	for _, cmd := range subcommands {
		var calls [][]string
		for _, name := range append([]string{cmd.name}, cmd.aliases...) {
			for _, h := range []string{"--help", "-h", "-help"} {
				calls = append(calls, []string{name, h})
			}
		}
		for _, f := range cmd.usage {
			// plan check --help, reminders next -h …
			words := strings.Fields(f.args)
			if len(words) > 1 && !strings.HasPrefix(words[1], "-") && !strings.HasPrefix(words[1], "[") && strings.ToLower(words[1]) == words[1] {
				calls = append(calls, []string{cmd.name, words[1], "--help"}, []string{cmd.name, words[1], "-h"})
			}
		}
		calls = append(calls, []string{"help", cmd.name}, []string{"hjelp", cmd.name})
		for _, args := range calls {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				out, errOut, code := runArgs(t, "", args...)
				if code != 0 || errOut != "" {
					t.Fatalf("exit %d, stderr %q", code, errOut)
				}
				if !strings.Contains(out, "beredskapsbot "+cmd.name) || !strings.HasPrefix(out, "Bruk:") {
					t.Errorf("the usage does not name %q:\n%s", cmd.name, out)
				}
				for _, f := range cmd.usage {
					if !strings.Contains(out, f.does) {
						t.Errorf("the usage lacks %q:\n%s", f.does, out)
					}
				}
			})
		}
	}
}

// A subcommand's help lists its options in bokmål.
func TestSubcommandHelpListsOptions(t *testing.T) {
	out, _, _ := runArgs(t, "", "export", "--help")
	for _, want := range []string{"Andre navn: eksporter", "Valg:", "--format FORMAT\n", "(standard: md)", "--incident ID\n", "--with-contacts\n", "--plan MAPPE\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("export --help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "default") {
		t.Errorf("export --help is not in bokmål:\n%s", out)
	}
	// --help after other flags too.
	if out2, errOut, code := runArgs(t, "", "export", "--format", "csv", "--help"); code != 0 || out2 != out || errOut != "" {
		t.Errorf("export --format csv --help: exit %d, stderr %q", code, errOut)
	}
	// A mistake still goes to stderr with exit 2.
	if out, errOut, code := runArgs(t, "", "verify", "--finnes-ikke"); code != 2 || out != "" || !strings.Contains(errOut, "beredskapsbot verify --help") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// beredskapsbot --help lists every subcommand of the table.
func TestTopLevelHelp(t *testing.T) {
	for _, h := range []string{"--help", "-h", "help", "hjelp"} {
		out, errOut, code := runArgs(t, "", h)
		if code != 0 || errOut != "" {
			t.Fatalf("%s: exit %d, stderr %q", h, code, errOut)
		}
		for _, cmd := range subcommands {
			for _, f := range cmd.usage {
				if !strings.Contains(out, "  "+f.args) || !strings.Contains(out, f.does) {
					t.Errorf("%s does not list %q – %q:\n%s", h, f.args, f.does, out)
				}
			}
		}
	}
	out, errOut, code := runArgs(t, "", "finnes-ikke")
	if code != 2 || out != "" || !strings.Contains(errOut, `ukjent kommando "finnes-ikke"`) || !strings.Contains(errOut, "Kommandoer:") {
		t.Errorf("unknown command: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := runArgs(t, "", "help", "finnes-ikke"); code != 2 || !strings.Contains(errOut, "ukjent kommando") {
		t.Errorf("help of an unknown command: exit %d, %q", code, errOut)
	}
}

// Every name in the table is taken once.
func TestTableNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, cmd := range subcommands {
		if cmd.run == nil || len(cmd.usage) == 0 {
			t.Errorf("%s: no run func or no usage", cmd.name)
		}
		for _, n := range append([]string{cmd.name}, cmd.aliases...) {
			if seen[n] || isHelp(n) {
				t.Errorf("name %q taken twice", n)
			}
			seen[n] = true
		}
	}
}
