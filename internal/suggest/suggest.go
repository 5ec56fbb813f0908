// Package suggest finds what a user probably meant when a name they typed
// is unknown: the "did you mean" of every error message in tariffsim, so
// that the scenario checker and the command line make the same guess.
package suggest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate nearest to s: an exact match ignoring case
// first, else the one with the smallest edit distance when that distance is
// small for the length of s (≤ 1 for names of up to 3 letters, ≤ 2 beyond),
// else "". Swapping two adjacent letters counts as one edit ("itc" is one
// edit from "ict", "rnu" from "run"), as it is the commonest typo. Ties go
// to the earlier candidate.
func Closest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
	}
	limit := 2
	if utf8.RuneCountInString(s) <= 3 {
		limit = 1
	}
	best, bestD := "", limit+1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := Distance(ls, strings.ToLower(c), limit); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// Hint is `; did you mean "x"?` for the Closest candidate x, or "" when
// there is none: the tail of an error message.
func Hint(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

// Distance is the edit distance of a and b counting insertions, deletions,
// substitutions and transpositions of adjacent letters (the optimal string
// alignment distance), or limit+1 when it exceeds limit. Strings of more
// than 64 letters, which are never typos of a name, are limit+1 from
// everything.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return limit + 1
	}
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows of the dynamic programme: i-2, i-1 and i.
	pp := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c = min(c, pp[j-2]+1)
			}
			cur[j] = c
		}
		pp, prev, cur = prev, cur, pp
	}
	if d := prev[len(rb)]; d <= limit {
		return d
	}
	return limit + 1
}
