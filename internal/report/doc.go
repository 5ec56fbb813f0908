// Package report writes a shareable report of one tariffsim run as a
// single self-contained HTML file.
//
// The file opens correctly from disk with no network: there is no external
// CSS, script or font. Charts are inlined as SVG (vector, so they print
// sharply and their text is searchable) without embedded fonts, and the
// Liberation Sans face they are laid out with is shipped once as a data URI
// in the page's CSS. Embedding the font in every chart instead would cost
// about 0.5 MB per chart; leaving it out entirely would make the text of
// the charts lay out wrongly on machines without Liberation Sans.
//
// The report takes plain strings and structs describing the scenario and
// the baseline, so that it does not depend on how those are stored, and the
// charts built by package chart, whose Data tables it prints beside them.
package report
