package cli

import (
	"flag"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
)

// chartFlags are an advocate's controls of the charts as published:
// --title, --subtitle, --note and --size (see chart.Options). The source
// note cannot be replaced, only added to, so a published chart keeps its
// provenance.
type chartFlags struct {
	opts chart.Options
}

func (f *chartFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.opts.Title, "title", "", "replace every chart's title with `TEXT`")
	fs.StringVar(&f.opts.Subtitle, "subtitle", "", "replace every chart's subtitle (the scenario's name, which then moves into the source note) with `TEXT`")
	fs.StringVar(&f.opts.Note, "note", "", "append `TEXT` to every chart's source note (the source itself is always kept)")
	var names []string
	for _, s := range chart.Sizes {
		names = append(names, s.Name)
	}
	fs.Func("size", "chart size `preset`: "+strings.Join(names, ", ")+" (default 10 in at 180 dpi)", func(s string) error {
		sz, err := chart.SizeByName(s)
		f.opts.Size = sz
		return err
	})
}

// apply returns cs with the options applied.
func (f *chartFlags) apply(cs []*chart.Chart) []*chart.Chart {
	if f.opts == (chart.Options{}) {
		return cs
	}
	out := make([]*chart.Chart, len(cs))
	for i, c := range cs {
		out[i] = c.With(f.opts)
	}
	return out
}
