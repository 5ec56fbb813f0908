package atomicfile_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
)

// A run writes its files into a fresh folder and swaps it in whole: a
// rerun leaves no file of the previous run behind, and a failed or killed
// run leaves the previous run complete.
func ExampleDir() {
	parent, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(parent)
	target := filepath.Join(parent, "output", "my-scenario")

	write := func(names ...string) error {
		if err := atomicfile.CheckInputs(target, "my-scenario.toml"); err != nil {
			return err // before anything is written
		}
		d, err := atomicfile.NewDir(target, atomicfile.DirOptions{})
		if err != nil {
			return err
		}
		defer d.Abort() // does nothing after Commit
		for _, n := range names {
			if err := atomicfile.WriteFile(filepath.Join(d.Path(), n), []byte(n)); err != nil {
				return err
			}
		}
		return d.Commit()
	}
	if err := write("summary.txt", "report.html"); err != nil {
		log.Fatal(err)
	}
	if err := write("summary.txt"); err != nil {
		log.Fatal(err)
	}
	entries, _ := os.ReadDir(target)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// .atomicdir
	// summary.txt
}
