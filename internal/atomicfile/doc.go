// Package atomicfile writes files and whole folders so that a reader, or a
// run that is killed, never leaves a half-written result behind.
//
// Write puts a file's content into a temporary file in the same
// directory, syncs it, renames it over the destination and syncs the
// directory, so that after a crash the name holds either the old content
// or the new, and after Write returns the new content survives a power
// loss. New files get the permissions os.Create would give them (0666
// less the umask): the temporary file is created with mode 0666 and the
// kernel applies the umask, so the umask is never read or changed (that
// would race with other goroutines creating files).
//
// Dir does the same for a folder of files: a run writes into a fresh
// temporary folder beside the target, and Commit swaps it in as a whole,
// so that the target holds either the previous run's complete set of
// files or the new run's, never a mix, and files of the previous run that
// the new one does not write are gone. See Dir for the rules on which
// existing folders it may replace and how strays of killed runs are
// cleaned.
//
// CheckInputs refuses an output folder that would replace one of the
// run's own input files.
package atomicfile
