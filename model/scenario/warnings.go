package scenario

import "fmt"

// Warnings returns what is valid but almost certainly not meant when the
// scenario runs with opt, each as an *Error with the line it concerns (0
// when the cause is opt rather than the file), for front ends to print
// before running: nothing stops the run. At present that is one case: an
// evaluation date on which no measure of the selection is in force, so
// that the run is the baseline run (typically an `at` written before every
// measure's start).
func (s *Scenario) Warnings(opt Options) []*Error {
	d := s.date(opt)
	ms := s.selected(opt)
	if d.IsZero() || len(ms) == 0 || len(s.InForce(opt)) > 0 {
		return nil
	}
	what, line := fmt.Sprintf("the evaluation date %s", d), 0
	if opt.At.IsZero() {
		what, line = fmt.Sprintf("at %s", d), s.line(0, "at")
	}
	var later, ended int
	var first, last Date
	for _, m := range ms {
		if !m.Start.IsZero() && d.Before(m.Start) {
			later++
			if first.IsZero() || m.Start.Before(first) {
				first = m.Start
			}
		} else if !m.End.IsZero() && m.End.Before(d) {
			ended++
			if last.Before(m.End) {
				last = m.End
			}
		}
	}
	var msg string
	switch {
	case later == len(ms):
		msg = fmt.Sprintf("%s is before every measure's start (the first starts %s): nothing is in force", what, first)
	case ended == len(ms):
		msg = fmt.Sprintf("%s is after every measure's end (the last ends %s): nothing is in force", what, last)
	default:
		msg = fmt.Sprintf("%s: no measure is in force (%d start later, %d ended before)", what, later, ended)
	}
	return []*Error{{File: s.File, Line: line, Msg: msg}}
}
