package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWriteKeepsOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.csv")
	if err := WriteFile(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Fatalf("content %q after a failed write", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Fatalf("content %q", got)
	}
}

// The rename is made durable by syncing its directory, after the rename
// (a sync before it would make nothing durable).
func TestWriteSyncsDirectoryAfterRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	var synced []string
	err := writeFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}, func(d string) error {
		got, err := os.ReadFile(path)
		if err != nil || string(got) != "new" {
			t.Errorf("directory synced before the rename: %q, %v", got, err)
		}
		synced = append(synced, d)
		return syncDir(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(synced, []string{dir}) {
		t.Errorf("synced %q, want [%q]", synced, dir)
	}
	boom := errors.New("no sync")
	err = writeFile(path, func(w io.Writer) error { return nil }, func(string) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("a failed directory sync gives %v, want it reported", err)
	}
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".flows.csv.tmp-0123456789abcdef": true,
		".flows.csv.tmp1234567":           true, // os.CreateTemp's, before
		".flows.csv.tmp":                  false,
		".flows.csv.tmp-xyz":              false,
		"flows.csv.tmp123":                false,
		".tmp123":                         false,
		"flows.csv":                       false,
		".flows.csv.tmp12a":               false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v", name, got)
		}
	}
	// What Write leaves when killed is recognised.
	dir := t.TempDir()
	f, err := createTemp(dir, ".out.csv.tmp-")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !IsTemp(filepath.Base(f.Name())) {
		t.Errorf("IsTemp(%q) = false", filepath.Base(f.Name()))
	}
}
