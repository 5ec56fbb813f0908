// Package cli is the tariffsim command line: a small table of subcommands
// over the standard flag package, run by [Run] so that tests can call it
// with buffers instead of a process. It holds flags, files and help
// only: every command loads its inputs (see scenarioFlags), calls
// internal/pipeline, internal/analysis or internal/present, and writes
// the outputs through one path that then says how many it wrote (see
// outputFlags and files).
//
// Exit status: 0 on success, 1 when a run fails, 2 for a usage or input
// error (a bad flag, an invalid scenario or baseline file), 130 when
// interrupted.
package cli
