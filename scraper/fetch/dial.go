package fetch

import (
	"fmt"
	"net/netip"
	"syscall"
)

// cgnat is the shared address space of carrier-grade NAT (RFC 6598), not
// reachable from the public internet either.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// publicOnly is a net.Dialer Control function: it runs after DNS, on the
// address actually dialled, so a public name resolving to 127.0.0.1 (or a
// redirect to http://10.0.0.1/) is refused just like a literal address.
func publicOnly(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
	}
	if !isPublic(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
	}
	return nil
}

// isPublic reports whether a is a globally routable unicast address.
func isPublic(a netip.Addr) bool {
	a = a.Unmap()
	switch {
	case !a.IsValid(), a.IsUnspecified(), a.IsLoopback(), a.IsPrivate(),
		a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast(),
		a.IsMulticast():
		return false
	case a.Is4() && (cgnat.Contains(a) || a.As4()[0] == 0 || a == netip.AddrFrom4([4]byte{255, 255, 255, 255})):
		return false
	}
	return true
}
