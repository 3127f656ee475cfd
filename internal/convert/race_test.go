//go:build race

package convert

// raceEnabled: the race detector multiplies memory, so children that
// measure it are built without it (see childBinary).
const raceEnabled = true
