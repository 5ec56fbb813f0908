//go:build ignore

// gen_atp2024 rebuilds atp2024.csv from the inputs of internal/atpgen.
// Run it with `go generate ./model/baseline`.
package main

import (
	"log"
	"os"

	"github.com/tariffsim/tariffsim/internal/atpgen"
)

func main() {
	b, err := atpgen.Generate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("atp2024.csv", b, 0o644); err != nil {
		log.Fatal(err)
	}
}
