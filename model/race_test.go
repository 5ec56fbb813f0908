//go:build race

package model

// raceEnabled skips allocation counts: under the race detector sync.Pool
// drops items at random, so a recycled work is sometimes allocated anew.
const raceEnabled = true
