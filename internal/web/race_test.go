//go:build race

package web

// raceEnabled relaxes timing bounds: the race detector slows code 5–10×.
const raceEnabled = true
