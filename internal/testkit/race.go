//go:build race

package testkit

// raceEnabled: the tests run with -race, so Binary builds with it too.
const raceEnabled = true
