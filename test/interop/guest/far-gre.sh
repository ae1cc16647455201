#!/bin/bash
# The far gateway of a linux-gre scenario, in namespace $P-oci: the mirror image of the CPE's tunnel from
# scenario.env (see headend/gre.ts), set up with plain iproute2 — not with the rendered script. Sourced by scenario.sh.

far_start() {
	at oci link add gre1 type gre local "$T1_ORACLE_IP" remote "$CPE_PUBLIC_IP" key "$GRE_KEY"
	at oci addr add "$GRE_FAR_INSIDE" dev gre1
	at oci link set gre1 mtu "$GRE_FAR_MTU" up
	local net
	for net in $CPE_NETS; do at oci route add "$net" dev gre1; done
	run_batch oci >"$WORK/far-gre.txt" 2>&1 || {
		fail_check "far gateway: GRE setup failed: $(tr '\n' ' ' <"$WORK/far-gre.txt")"
		return 1
	}
}

# far_tunnel_up → 0 when the CPE's end of the tunnel answers a ping from the far end.
far_tunnel_up() { inns oci ping -n -q -c 1 -W 1 "$GRE_NEAR_INSIDE" >/dev/null 2>&1; }

# far_rx → packets the far gateway received through the tunnel.
far_rx() { inns oci cat /sys/class/net/gre1/statistics/rx_packets; }

far_diagnostics() {
	{
		echo "== far gateway: ip -s -d link show gre1"
		inns oci ip -s -d link show gre1
		echo "== far gateway: routes"
		inns oci ip route
	} >>"$OUT/diagnostics.txt" 2>&1
}
