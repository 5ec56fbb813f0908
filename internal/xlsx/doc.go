// Package xlsx writes tariffsim's result tables as an Excel workbook, for
// readers used to working in spreadsheets (GSIM itself is distributed as
// one).
//
// A [Workbook] is a list of [Sheet]s, each a title, a header row whose
// cells name the column and its unit ("Change (million USD)"), and typed
// rows: numbers are written as numbers with the column's number format,
// so that they can be summed and charted, and text stays text. A last
// sheet, "Provenance", holds key/value rows: the scenario, the tool
// version and commit, the baseline and its sources.
//
// The workbook is built with github.com/xuri/excelize/v2: an .xlsx file
// is a zip of Office Open XML parts (workbook, sheets, shared strings,
// styles with their number formats, relationships, content types) that
// must agree with each other, which is easy to get subtly wrong by hand
// and then only shows as Excel's "we found a problem with some content".
// excelize builds every part but the cells, which are written directly in
// the bytes excelize writes for them (much faster than setting them one
// by one; tested part by part against excelize's own file), unless a text
// needs excelize's rewriting (see WriteCellByCell).
// [Write] writes atomically: to a temporary file that is renamed into
// place once complete.
package xlsx
