package web

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// hostRule decides which Host headers a server answers. A browser sends
// the host name of the page's URL, so a request whose Host is not the
// server's own came through a name that is not the server's: DNS
// rebinding (a site's name re-pointed at 127.0.0.1, which lets that
// site's scripts read the answers), or a proxy the user did not set up.
// IP literals cannot be rebound, so they are accepted when they are an
// address the server listens on.
type hostRule struct {
	port     string // the served port; "" when unknown (any port)
	loopback bool   // localhost and every loopback IP
	anyIP    bool   // every IP literal (listening on all interfaces)
	ip       net.IP // the one IP listened on, when not loopback or all
	allow    []allowedHost
}

// allowedHost is an Options.AllowHosts entry: a host name, on one port
// or (port "") on any.
type allowedHost struct{ host, port string }

// newHostRule builds the rule for a server listening on addr (as
// net.Listener.Addr gives it; "" for unknown, which allows loopback names
// on any port) that also answers the names in allow.
func newHostRule(addr string, allow []string) (*hostRule, error) {
	r := &hostRule{}
	if addr == "" {
		r.loopback = true
	} else {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, fmt.Errorf("web: Options.Addr %q: %w", addr, err)
		}
		if port == "" || port == "0" {
			return nil, fmt.Errorf("web: Options.Addr %q: want the address listened on, with its port", addr)
		}
		r.port = port
		ip := net.ParseIP(host)
		switch {
		case host == "" || ip != nil && ip.IsUnspecified():
			r.anyIP, r.loopback = true, true
		case strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback():
			r.loopback = true
		case ip != nil:
			r.ip = ip
		default:
			// A name given as the listen address is the name users
			// type.
			r.allow = append(r.allow, allowedHost{strings.ToLower(host), port})
		}
	}
	for _, a := range allow {
		h, err := parseAllowHost(a)
		if err != nil {
			return nil, err
		}
		r.allow = append(r.allow, h)
	}
	return r, nil
}

func parseAllowHost(a string) (allowedHost, error) {
	bad := func(why string) (allowedHost, error) {
		return allowedHost{}, fmt.Errorf("allowed host %q: %s; want a name such as mybox.local or mybox.local:8080", a, why)
	}
	a = strings.ToLower(strings.TrimSpace(a))
	if a == "" {
		return bad("empty")
	}
	if strings.Contains(a, "://") || strings.ContainsAny(a, "/?#@ *") {
		return bad("not a host name")
	}
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		host, port = strings.TrimSuffix(strings.TrimPrefix(a, "["), "]"), ""
		if strings.Contains(host, ":") && net.ParseIP(host) == nil {
			return bad("not a host name")
		}
	} else if port == "" {
		return bad("empty port")
	}
	return allowedHost{host, port}, nil
}

// allows reports whether a request with Host header hostport is for this
// server.
func (r *hostRule) allows(hostport string) bool {
	hostport = strings.ToLower(hostport)
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: the scheme's default, always 80 as the server
		// speaks plain HTTP.
		host, port = hostport, ""
		if h, ok := strings.CutPrefix(host, "["); ok {
			host, ok = strings.CutSuffix(h, "]")
			if !ok {
				return false
			}
		} else if strings.Contains(host, ":") {
			return false
		}
	}
	if host == "" {
		return false
	}
	if port == "" {
		port = "80"
	}
	for _, a := range r.allow {
		if host == a.host && (a.port == "" || a.port == port) {
			return true
		}
	}
	if r.port != "" && port != r.port {
		return false
	}
	ip := net.ParseIP(host)
	switch {
	case r.loopback && (host == "localhost" || ip != nil && ip.IsLoopback()):
		return true
	case r.anyIP && ip != nil:
		return true
	case r.ip != nil && ip != nil && ip.Equal(r.ip):
		return true
	}
	return false
}

// guardOrigin answers 421 Misdirected Request to a request whose Host the
// rule does not allow (see hostRule), and 403 to one that another web
// site's page makes: an <img>, <script> or fetch() from elsewhere, or a
// form posted from elsewhere. A top-level GET navigation from elsewhere
// (a link followed, which is how shared links are opened) is served.
// Browsers say where a request comes from in Sec-Fetch-Site (all current
// ones do); for posts from older ones, net/http's CrossOriginProtection
// also compares Origin with Host. Clients that are not browsers send
// neither header and are served.
//
// 421 rather than 403 for the Host: the request is not forbidden, it has
// reached a server that does not serve that name, and 421 says so.
func guardOrigin(rule *hostRule, h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rule.allows(r.Host) {
			http.Error(w, fmt.Sprintf("tariffsim: this server does not answer for the host %q; open it by its own address (or start it with --allow-host NAME to share it under a name)", clip(r.Host)),
				http.StatusMisdirectedRequest)
			return
		}
		if crossSite(r) || cop.Check(r) != nil {
			http.Error(w, "tariffsim: requests made by other web sites are refused; open the page itself", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// crossSite reports whether r is a browser's request made by another
// site's page, other than a top-level GET navigation to a link.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return false
	}
	navigation := r.Header.Get("Sec-Fetch-Mode") == "navigate" && r.Header.Get("Sec-Fetch-Dest") == "document"
	return !(navigation && (r.Method == http.MethodGet || r.Method == http.MethodHead))
}
