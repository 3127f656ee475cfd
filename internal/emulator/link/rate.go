package link

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// rateUnits maps a lower-case unit to bytes per second per unit. Bit units
// (and "bps" forms) follow network usage: "Mbit" and "Mbps" are megabits.
// Byte units are SI ("MB" = 10^6) or binary ("MiB" = 2^20).
var rateUnits = map[string]float64{
	"":     1,
	"b":    1,
	"kb":   1e3,
	"mb":   1e6,
	"gb":   1e9,
	"kib":  1 << 10,
	"mib":  1 << 20,
	"gib":  1 << 30,
	"bit":  1.0 / 8,
	"kbit": 1e3 / 8,
	"mbit": 1e6 / 8,
	"gbit": 1e9 / 8,
	"bps":  1.0 / 8,
	"kbps": 1e3 / 8,
	"mbps": 1e6 / 8,
	"gbps": 1e9 / 8,
}

// ParseRate reads a link rate such as "200Mbit", "25MB/s", "1.5MiB/s" or
// "0" and returns bytes per second (0 = unlimited). A bare number is bytes
// per second; a "/s" after the unit is optional.
func ParseRate(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "/s")
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	per, ok := rateUnits[unit]
	if !ok || num == "" {
		return 0, fmt.Errorf("link rate %q: write a number and a unit, such as 200Mbit, 25MB/s or 1.5MiB/s (0 = unlimited)", s)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("link rate %q: %q is not a number", s, num)
	}
	bytes := v * per
	if bytes > math.MaxInt64/2 {
		return 0, fmt.Errorf("link rate %q is too large", s)
	}
	r := int64(math.Round(bytes))
	if r == 0 && v != 0 {
		return 0, fmt.Errorf("link rate %q is below 1 byte per second; use 0 for unlimited", s)
	}
	return r, nil
}
