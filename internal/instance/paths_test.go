package instance

import "runtime"

// root makes the Unix-style absolute paths of these tests absolute on the
// OS running them: on Windows "/a" has no drive and is refused, "C:/a" is
// absolute.
var root = map[bool]string{true: "C:"}[runtime.GOOS == "windows"]

// localTransport is the transport PrintDrop uses on this OS, for tests
// that need one endpoint, not both.
var localTransport = map[bool]string{true: transportTCP, false: transportUnix}[runtime.GOOS == "windows"]
