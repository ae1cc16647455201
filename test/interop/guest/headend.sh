#!/bin/bash
# The emulated OCI headend inside namespace $P-oci: strongSwan's charon (from the strongSwan chroot) with the
# generated swanctl.conf, and FRR as Oracle's BGP speaker. Sourced by scenario.sh.

HEADEND_DIR="/tunnelsmith/$P-oci" # as seen inside the chroot

hswanctl() {
	chroot "$CHROOT" env STRONGSWAN_CONF="$HEADEND_DIR/strongswan.conf" swanctl "$@" --uri "unix://$HEADEND_DIR/charon.vici"
}

# start_charon NS DIR_IN_CHROOT STRONGSWAN_CONF LOG → starts charon in namespace $P-NS, waits for its VICI socket.
# /run inside the chroot is private to each charon (its pid file lives there), so several run side by side.
start_charon() {
	local ns=$1 dir=$2 conf=$3 log=$4
	inns "$ns" unshare --mount --propagation private bash -c \
		'mount -t tmpfs tmpfs "$1/run" && exec chroot "$1" env STRONGSWAN_CONF="$2" /usr/lib/ipsec/charon' \
		_ "$CHROOT" "$conf" >"$log" 2>&1 &
	local sock
	sock=$(awk -F'unix://' '/socket = unix:/ { print $2; exit }' "$CHROOT$conf" 2>/dev/null)
	sock=${sock:-/run/charon.vici}
	wait_until 180 test -S "$CHROOT$sock"
}

# start_frr NS CONF DAEMONS… → FRR the way Debian's frrinit.sh starts it: the daemons first, then `vtysh -b` applies
# /etc/frr/<pathspace>/frr.conf. The pathspace is the namespace name, so several instances run side by side.
start_frr() {
	local ns=$1 conf=$2
	shift 2
	local space="$P-$ns" d
	install -d -o frr -g frr -m 0755 "/etc/frr/$space" "/var/run/frr/$space"
	install -o frr -g frr -m 0640 "$conf" "/etc/frr/$space/frr.conf"
	install -d -o frr -g frr -m 0755 "$WORK/frr-$ns"
	for d in "$@"; do
		inns "$ns" "/usr/lib/frr/$d" -d -N "$space" -A 127.0.0.1 --log "file:$WORK/frr-$ns/$d.log" --log-level info ||
			return 1
	done
	inns "$ns" vtysh -N "$space" -b >"$WORK/frr-$ns/vtysh-b.txt" 2>&1
}

headend_start() {
	mkdir -p "$CHROOT$HEADEND_DIR"
	install -m 0600 "$DIR/headend/swanctl.conf" "$CHROOT$HEADEND_DIR/swanctl.conf"
	cp "$DIR/headend/strongswan.conf" "$CHROOT$HEADEND_DIR/strongswan.conf"
	if ! start_charon oci "$HEADEND_DIR" "$HEADEND_DIR/strongswan.conf" "$WORK/oci-charon.out"; then
		fail_check "headend: charon did not start (see oci-charon.log)"
		return 1
	fi
	hswanctl --load-all --noprompt --file "$HEADEND_DIR/swanctl.conf" >"$WORK/oci-swanctl-load.txt" 2>&1
	if ! grep -q 'successfully loaded 2 connections' "$WORK/oci-swanctl-load.txt"; then
		fail_check "headend: swanctl did not load both tunnels: $(tr '\n' ' ' <"$WORK/oci-swanctl-load.txt")"
		return 1
	fi
	if [ -f "$DIR/headend/frr.conf" ]; then
		start_frr oci "$DIR/headend/frr.conf" zebra bgpd || {
			fail_check "headend: FRR did not start"
			return 1
		}
	fi
	return 0
}

# headend_tunnel_up N → 0 when tunnel N has an established IKE SA and an installed CHILD SA on the headend.
headend_tunnel_up() {
	local sas
	# The log says so first; reading it is far cheaper than starting swanctl under emulation.
	grep -q "CHILD_SA tunnel$1{[0-9]*} established" "$CHROOT$HEADEND_DIR/charon.log" 2>/dev/null || return 1
	sas=$(hswanctl --list-sas --ike "tunnel$1" 2>/dev/null) || return 1
	grep -q "tunnel$1: #[0-9]*, ESTABLISHED" <<<"$sas" && grep -q "tunnel$1: #[0-9]*, reqid [0-9]*, INSTALLED" <<<"$sas"
}

headend_tunnels_up() { headend_tunnel_up 1 && headend_tunnel_up 2; }

# headend_tunnel_state N → one line saying what the headend sees for tunnel N (for failure messages).
headend_tunnel_state() {
	local sas
	sas=$(hswanctl --list-sas --ike "tunnel$1" 2>/dev/null)
	if grep -q "ESTABLISHED" <<<"$sas"; then
		if grep -q "INSTALLED" <<<"$sas"; then echo "IKE SA and IPsec SA up"; else echo "IKE SA up, no IPsec SA"; fi
	elif [ -n "$sas" ]; then
		echo "IKE SA not established ($(grep -o "tunnel$1: #[0-9]*, [A-Z_]*" <<<"$sas" | head -1))"
	else
		echo "no IKE SA"
	fi
}

# headend_log_hints N → the headend log's lines that explain a failed negotiation of tunnel N, if any.
headend_log_hints() {
	grep -E "tunnel$1|no matching|proposal|authentication|AUTH|MAC mismatch|no shared key|INVALID|NO_PROPOSAL" \
		"$CHROOT$HEADEND_DIR/charon.log" 2>/dev/null |
		grep -E -i "fail|no matching|mismatch|invalid|no shared|NO_PROPOSAL|unacceptable|received.*(AUTH|PROPOSAL)" |
		tail -n 2 | sed 's/^/    headend log: /'
}

hvtysh() { vtysh -N "$P-oci" -c "$1" 2>/dev/null; }

# headend_bgp_established → 0 when both BGP sessions are Established on the Oracle side.
headend_bgp_established() {
	hvtysh 'show bgp summary json' | jq -e --arg a "$T1_CPE_INSIDE" --arg b "$T2_CPE_INSIDE" \
		'.ipv4Unicast.peers[$a].state == "Established" and .ipv4Unicast.peers[$b].state == "Established"' >/dev/null
}

# headend_bgp_state N → Oracle-side state of session N.
headend_bgp_state() {
	local peer="T${1}_CPE_INSIDE"
	hvtysh 'show bgp summary json' | jq -r --arg a "${!peer}" '.ipv4Unicast.peers[$a].state // "no session"'
}

# headend_missing_routes → prints each CPE-side network not received from both sessions ("prefix from peer").
headend_missing_routes() {
	local table net peer
	table=$(hvtysh 'show bgp ipv4 unicast json')
	for net in $CPE_NETS; do
		for peer in "$T1_CPE_INSIDE" "$T2_CPE_INSIDE"; do
			jq -e --arg n "$net" --arg p "$peer" '(.routes[$n] // []) | map(.peerId) | index($p) != null' \
				>/dev/null <<<"$table" || echo "$net from $peer"
		done
	done
}

headend_all_routes_received() { [ -z "$(headend_missing_routes)" ]; }

# headend_rx N → packets received from the CPE through tunnel N (decrypted, on the XFRM interface).
headend_rx() { inns oci cat "/sys/class/net/xfrm$1/statistics/rx_packets"; }

# headend_break_tunnel N → Oracle's tunnel N stops answering: everything to or from its headend IP is dropped
# (no delete notification reaches the CPE, as in a real outage) and Oracle stops routing into it.
headend_break_tunnel() {
	local ip="T${1}_ORACLE_IP"
	inns oci nft -f - <<-EOF
		table inet interop_outage {
			chain input {
				type filter hook input priority -10; policy accept;
				ip daddr ${!ip} drop
			}
			chain output {
				type filter hook output priority -10; policy accept;
				ip saddr ${!ip} drop
			}
		}
	EOF
	inns oci ip link set "xfrm$1" down
}

headend_diagnostics() {
	{
		echo "== headend: swanctl --list-sas"
		hswanctl --list-sas 2>&1
		echo "== headend: ip -s link (xfrm)"
		inns oci ip -s link show type xfrm
		echo "== headend: routes"
		inns oci ip route
		if [ -f "$DIR/headend/frr.conf" ]; then
			echo "== headend: show bgp summary"
			hvtysh 'show bgp summary'
			echo "== headend: show bgp ipv4 unicast"
			hvtysh 'show bgp ipv4 unicast'
		fi
	} >>"$OUT/diagnostics.txt" 2>&1
	cp "$CHROOT$HEADEND_DIR/charon.log" "$OUT/oci-charon.log" 2>/dev/null
}
