package buildinfo

import (
	"runtime/debug"
	"time"
)

// Version is the release version of tariffsim.
const Version = "0.1.0"

// Devel is the commit of a binary built without VCS information.
const Devel = "devel"

// shortLen is the length of a shortened commit hash: the length Go's
// pseudo-versions use, unambiguous in a repository of any likely size.
const shortLen = 12

// Info is what a binary knows about its own build.
type Info struct {
	Version string // the release version, Version
	// Commit is the VCS revision, shortened to 12 characters, with
	// "+dirty" when the working tree had uncommitted changes; Devel when
	// the build has no VCS information.
	Commit   string
	Modified bool      // the working tree had uncommitted changes
	Time     time.Time // the commit's time; zero if unknown
	Go       string    // the Go version, e.g. "go1.26.8"; "" if unknown
}

// Read returns the running binary's build information.
func Read() Info { return From(debug.ReadBuildInfo()) }

// From makes an Info of what debug.ReadBuildInfo returns.
func From(bi *debug.BuildInfo, ok bool) Info {
	in := Info{Version: Version, Commit: Devel}
	if !ok || bi == nil {
		return in
	}
	in.Go = bi.GoVersion
	var rev string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				in.Time = t
			}
		}
	}
	if rev == "" {
		in.Modified = false // no commit to differ from
		return in
	}
	if len(rev) > shortLen {
		rev = rev[:shortLen]
	}
	if in.Modified {
		rev += "+dirty"
	}
	in.Commit = rev
	return in
}

// String is the version and commit as a source note gives them:
// "tariffsim 0.1.0 (0ba7ab9c1d2e)", "tariffsim 0.1.0 (devel)".
func (in Info) String() string { return "tariffsim " + in.Version + " (" + in.Commit + ")" }
