//go:build !race

package e2e_test

// raceEnabled: the tests run without -race.
const raceEnabled = false
