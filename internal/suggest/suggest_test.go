package suggest

import (
	"fmt"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 2, 0},
		{"abc", "abc", 2, 0},
		{"itc", "ict", 2, 1}, // transposition
		{"rnu", "run", 2, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // capped at limit+1
		{"ab", "abcdef", 2, 3},      // length gap alone exceeds the limit
		{"ca", "ac", 1, 1},
		{"δx", "xδ", 1, 1}, // runes, not bytes
	} {
		if got := Distance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"CA", "CN", "MX", "aerospace", "ict", "run", "us_imports", "us_welfare"}
	for _, c := range []struct{ s, want string }{
		{"cn", "CN"},   // case only
		{"itc", "ict"}, // short: one edit allowed
		{"QZ", ""},     // two edits from every code: too far for 2 letters
		{"aerospac", "aerospace"},
		{"us_import", "us_imports"},
		{"us_welfar", "us_welfare"},
		{"zzzzzzzz", ""},
		{"", ""},
	} {
		if got := Closest(c.s, cands); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.s, got, c.want)
		}
	}
	if h := Hint("rnu", cands); h != `; did you mean "run"?` {
		t.Errorf("Hint = %q", h)
	}
	if h := Hint("qqqq", cands); h != "" {
		t.Errorf("Hint = %q, want none", h)
	}
}

func ExampleHint() {
	fmt.Println("unknown command \"rnu\"" + Hint("rnu", []string{"run", "report", "compare"}))
	// Output: unknown command "rnu"; did you mean "run"?
}

func FuzzDistance(f *testing.F) {
	f.Add("kitten", "sitting")
	f.Add("itc", "ict")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := Distance(a, b, 2)
		if d < 0 || d > 3 {
			t.Fatalf("Distance(%q, %q, 2) = %d out of [0, 3]", a, b, d)
		}
		if d2 := Distance(b, a, 2); d2 != d {
			t.Fatalf("not symmetric: %d vs %d", d, d2)
		}
		// Distance is over runes: invalid UTF-8 bytes all read as U+FFFD.
		if (string([]rune(a)) == string([]rune(b))) != (d == 0) {
			t.Fatalf("Distance(%q, %q) = %d", a, b, d)
		}
	})
}
