// Package chart draws tariffsim's standard charts of a solved scenario in
// one house style, on top of gonum/plot v0.17.0.
//
// [Build] turns a [model.Result] (and, optionally, the same scenario solved
// with the imposer's tariffs only, without retaliation) into a list of
// [Chart]s for one focus country: imports and exports by partner, trade by
// category, the change in the trade balance by partner, welfare by country,
// import prices and tariff pass-through by category. Each Chart carries the
// numbers it plots in [Chart.Data], so tests and the HTML report can use the
// same figures the reader sees. [Chart.Render] draws a chart as PNG, SVG or
// PDF, and [WriteFiles] writes many charts atomically.
//
// # Why the house style looks the way it does
//
// The charts go into briefs and slides without touching up, so they must be
// right as drawn:
//
//   - Text is Liberation Sans (built into gonum/plot, so no system fonts are
//     needed) and never bold; hierarchy comes from size and colour.
//   - PDF is drawn by our own canvas (pdf.go) rather than gonum's vgpdf,
//     which embeds fonts in WinAnsi only and so garbled − σ η ε ∞ and the
//     en dash; ours embeds a Unicode subset of the font with a ToUnicode
//     map, so text extracts and searches as it reads.
//   - Titles, subtitles, legends and the source note are drawn on the canvas
//     outside the data area, so a legend can never cover a bar and a chart
//     cannot be shared without its provenance.
//   - Axis ticks come from our own Ticker (about six 1-2-2.5-5 steps, "$5B",
//     "−10%" with a real minus sign) instead of gonum's three-tick default,
//     which prints labels such as "1e+09".
//   - The horizontal range is widened until every value label fits inside
//     the data area with a margin; rows have a fixed height, so bars and
//     labels never crowd each other however many rows there are.
//   - Colours are Okabe–Ito, which stay distinguishable with the common
//     forms of colour blindness and in greyscale print.
//   - SVG files embed a subset of the font holding only the characters
//     drawn, name it with metric-compatible fallbacks ([FontStack]) and
//     give each string the width the layout measured (textLength), so
//     text fits the same in any viewer, in 30–45 KB instead of the
//     0.55 MB the whole font cost; the HTML report inlines SVG without
//     the subset and ships the font once (see [FontTTF]).
//   - [Chart.With] applies a reader's [Options]: their own title and
//     subtitle, a note appended to (never replacing) the source note, an
//     "(edited: …)" mark, and a [Size] preset for print, slides or social
//     media.
//
// The package sets plot.DefaultFont once, in init, because it is a plain
// global that plot.New copies; writing it per chart would race.
package chart
