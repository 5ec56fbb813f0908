//go:build race

package scenario

// raceEnabled skips timing ratios: the race detector slows the decoder and
// this package by different factors.
const raceEnabled = true
