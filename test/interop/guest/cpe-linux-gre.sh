#!/bin/bash
# CPE side for the `linux-gre` vendor: the rendered sysctl file (99-gre-forwarding.conf) applied, then
# gre-tunnel.sh run as its header says ("sh gre-tunnel.sh"), unmodified, inside the CPE's namespaces.
# The systemd-networkd alternative (.netdev/.network) is not exercised: the guest runs no systemd.
# Sourced by scenario.sh.

CPE_FILES="$DIR/cpe/linux-gre"

cpe_start() {
	cpe_host_create || {
		fail_check "CPE: could not create the CPE host namespace"
		return 1
	}
	cpe sysctl -q -p "$CPE_FILES/99-gre-forwarding.conf" >"$WORK/cpe-sysctl.txt" 2>&1 ||
		fail_check "CPE: sysctl -p 99-gre-forwarding.conf failed: $(tr '\n' ' ' <"$WORK/cpe-sysctl.txt")"
	CPE_STARTED=$(now)
	if ! cpe sh "$CPE_FILES/gre-tunnel.sh" >"$WORK/cpe-gre-tunnel.txt" 2>&1; then
		fail_check "CPE: gre-tunnel.sh failed: $(tail -n 3 "$WORK/cpe-gre-tunnel.txt" | tr '\n' ' ')"
		return 1
	fi
	return 0
}

# cpe_gre_iface → the interface gre-tunnel.sh creates (its NAME= line).
cpe_gre_iface() { sed -n 's/^NAME=\([A-Za-z0-9_.-]*\)$/\1/p' "$CPE_FILES/gre-tunnel.sh" | head -n 1; }

cpe_log_hints() { :; }

cpe_diagnostics() {
	{
		echo "== CPE: gre-tunnel.sh output"
		cat "$WORK/cpe-gre-tunnel.txt"
		echo "== CPE: links"
		cpe ip -s -d link
		echo "== CPE: routes"
		cpe ip route
	} >>"$OUT/diagnostics.txt" 2>&1
	return 0
}
