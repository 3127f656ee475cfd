// Package cloud is the one table of Microsoft clouds PrintDrop knows: for
// each, where people sign in and where Graph answers. auth and graph take
// their defaults from it and workflow resolves a cloud's name through it,
// so a host is written once. (The emulator keeps its own copies on
// purpose: it shares no code with the client.)
package cloud

// The worldwide cloud, the default everywhere.
const (
	GlobalLogin = "https://login.microsoftonline.com"
	GlobalGraph = "https://graph.microsoft.com"
	// GlobalAuthority accepts work and school accounts of any tenant:
	// Universal Print has no personal accounts.
	GlobalAuthority = GlobalLogin + "/organizations"
)

// Hosts are one cloud's sign-in and Graph origins (no path).
type Hosts struct{ Login, Graph string }

// Known lists the clouds by the names settings use.
var Known = map[string]Hosts{
	"global": {GlobalLogin, GlobalGraph},
	"usgov":  {"https://login.microsoftonline.us", "https://graph.microsoft.us"},
	"usdod":  {"https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
	"china":  {"https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"},
}
