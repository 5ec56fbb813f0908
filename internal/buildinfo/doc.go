// Package buildinfo says which tariffsim produced an output: the release
// version and the VCS commit the binary was built from, read from the
// build information the Go toolchain stamps into every binary built in a
// git checkout (runtime/debug.ReadBuildInfo).
//
// A result that cannot be traced to the code that made it cannot be
// cited or reproduced, so the commit goes into `tariffsim version`, every
// chart's source note and results.json. Binaries built without VCS
// information (go test, go run outside a checkout, -buildvcs=false)
// report the commit "devel"; a build from a checkout with uncommitted
// changes gets "+dirty", because its output may not match the commit.
package buildinfo
