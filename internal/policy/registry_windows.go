//go:build windows

package policy

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows/registry"
)

// RegistryKey is where the MSI and Group Policy put the policy, under
// HKEY_LOCAL_MACHINE.
const RegistryKey = `Software\Policies\PrintDrop`

// registryValues are the value names (REG_SZ) under RegistryKey.
var registryValues = map[string]func(*Values) *string{
	"ClientId":     func(v *Values) *string { return &v.ClientID },
	"Tenant":       func(v *Values) *string { return &v.Tenant },
	"Cloud":        func(v *Values) *string { return &v.Cloud },
	"AuthorityUrl": func(v *Values) *string { return &v.AuthorityURL },
	"GraphUrl":     func(v *Values) *string { return &v.GraphURL },
}

// Read reads the machine's policy from HKLM\RegistryKey.
func Read() (Policy, error) { return ReadRegistry(registry.LOCAL_MACHINE, RegistryKey) }

// ReadRegistry reads the policy values under root\path (tests use a key of
// their own under HKEY_CURRENT_USER). A missing key is an empty policy; a
// value of another type than a string is a warning.
func ReadRegistry(root registry.Key, path string) (Policy, error) {
	p := Policy{Where: `HKLM\` + path}
	if root != registry.LOCAL_MACHINE {
		p.Where = path
	}
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if errors.Is(err, registry.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return p, err
	}
	defer k.Close()
	for name, field := range registryValues {
		s, _, err := k.GetStringValue(name)
		switch {
		case errors.Is(err, registry.ErrNotExist):
		case errors.Is(err, registry.ErrUnexpectedType):
			p.Warnings = append(p.Warnings, fmt.Sprintf(`%s\%s is not a string value (REG_SZ); it was ignored`, p.Where, name))
		case err != nil:
			p.Warnings = append(p.Warnings, fmt.Sprintf(`%s\%s could not be read (%v); it was ignored`, p.Where, name, err))
		default:
			*field(&p.Values) = s
		}
	}
	return p, nil
}
