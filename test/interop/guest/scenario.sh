#!/bin/bash
# Runs one scenario inside the guest: builds its namespaces, starts the OCI headend emulation, installs and starts the
# rendered CPE configuration, then checks, in order:
#   1. both tunnels have an IKE SA and an IPsec SA (seen from the headend),
#   2. BGP: both sessions Established and every announced CPE network received from both (Oracle side),
#   3. every LAN source address reaches the Oracle-side host through the tunnels,
#   4. failover: Oracle's tunnel 1 goes silent and every flow still gets through, over tunnel 2.
# Expectation "tunnel2-down" (the negative scenario): the only failure must be tunnel 2 reported down.
# KIND=gre (linux-gre): one unencrypted tunnel to a far gateway instead: tunnel up (the far end pings the CPE's
# inside address), the LAN pings across it, and a don't-fragment ping of the rendered tunnel MTU gets through.
#
# Usage: scenario.sh SCENARIO_DIR OUT_DIR INDEX
# SCENARIO_DIR holds meta.env (NAME VENDOR EXPECT), headend/ (generated) and cpe/<vendor>/ (rendered).
# OUT_DIR receives result.env, failures.txt, scenario.log, diagnostics.txt and the daemons' logs.
set -u
DIR=$1
OUT=$2
INDEX=$3
P="s$INDEX"
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$DIR/meta.env"
# shellcheck source=/dev/null
. "$DIR/headend/scenario.env"
SCENARIO=$NAME
WORK="/tmp/interop/$NAME"
mkdir -p "$OUT" "$WORK"
chmod 0755 "$WORK"
: >"$OUT/failures.txt"

. "$HERE/lib.sh"
. "$HERE/topology.sh"
. "$HERE/headend.sh"
. "$HERE/far-gre.sh"
. "$HERE/cpe-host.sh"
# shellcheck source=/dev/null
. "$HERE/cpe-$VENDOR.sh"

# Deadlines, generous for two emulated CPUs shared by every scenario of the run.
TUNNEL_DEADLINE=${INTEROP_TUNNEL_DEADLINE:-150}
BGP_DEADLINE=${INTEROP_BGP_DEADLINE:-120}
PING_DEADLINE=${INTEROP_PING_DEADLINE:-45}
FAILOVER_DEADLINE=${INTEROP_FAILOVER_DEADLINE:-120}

TUNNEL_UP="-"
BGP_UP="-"
PING="-"
FAILOVER="-"

# ping_failures → prints the LAN source addresses whose ping to the Oracle-side host got no answer. One shell in
# the LAN namespace starts every ping at once (each process costs a lot under emulation).
ping_failures() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	inns lan bash -c '
		dst=$1
		shift
		declare -A pids=()
		for src in "$@"; do
			ping -n -q -c 2 -i 0.5 -W 2 -I "$src" "$dst" >/dev/null 2>&1 &
			pids[$src]=$!
		done
		for src in "$@"; do wait "${pids[$src]}" || echo "$src"; done
	' _ "$PING_DST" $PING_SRCS
}

pings_ok() { [ -z "$(ping_failures)" ]; }

tunnel_failure() {
	local n=$1
	local proposals="T${n}_PROPOSALS"
	fail_check "tunnel $n down: headend sees $(headend_tunnel_state "$n") (the headend accepts ${!proposals})"
	{
		headend_log_hints "$n"
		cpe_log_hints "$n"
	} >>"$OUT/failures.txt"
}

finish() {
	release_slot
	if [ "$KIND" = gre ]; then far_diagnostics; else headend_diagnostics; fi
	[ -e "$CPE_MNT" ] && cpe_diagnostics
	cp -r "$WORK"/frr-* "$WORK"/*.txt "$OUT/" 2>/dev/null
	local result=PASS
	if [ "${EXPECT:-up}" = tunnel2-down ]; then
		# The suite must report tunnel 2 down, and nothing else.
		if [ "$(grep -c '^tunnel ' "$OUT/failures.txt")" != 1 ] || ! grep -q '^tunnel 2 down' "$OUT/failures.txt"; then
			result=FAIL
			echo "expected exactly 'tunnel 2 down' to be reported" >>"$OUT/failures.txt"
		else
			result="PASS (tunnel 2 reported down, as expected)"
		fi
	elif [ -s "$OUT/failures.txt" ]; then
		result=FAIL
	fi
	cat >"$OUT/result.env" <<-EOF
		RESULT="$result"
		TUNNEL_UP="$TUNNEL_UP"
		BGP_UP="$BGP_UP"
		PING="$PING"
		FAILOVER="$FAILOVER"
	EOF
	log "done: $result"
	exit 0
}

# gre_scenario → the linux-gre checks (see the header).
gre_scenario() {
	BGP_UP="n/a"
	FAILOVER="n/a"
	acquire_slot
	log "far gateway (startup slot $SLOT)"
	far_start || finish
	log "CPE ($VENDOR)"
	cpe_start || finish
	if wait_until "$TUNNEL_DEADLINE" far_tunnel_up; then
		TUNNEL_UP=$(elapsed "$CPE_STARTED")
		log "tunnel up after $TUNNEL_UP s"
	else
		fail_check "tunnel down: the far gateway gets no answer from $GRE_NEAR_INSIDE after ${TUNNEL_DEADLINE} s"
		finish
	fi
	release_slot
	local rx_before iface mtu
	rx_before=$(far_rx)
	if wait_until "$PING_DEADLINE" pings_ok; then
		if [ "$(far_rx)" -gt "$rx_before" ]; then PING=ok; else
			PING=FAIL
			fail_check "ping: answered, but nothing arrived through the GRE tunnel (the test network leaks)"
		fi
	else
		PING=FAIL
		fail_check "ping: no answer from $PING_DST to $(ping_failures | paste -sd, -) after ${PING_DEADLINE} s"
	fi
	# The rendered MTU must fit the underlay: a full-size packet with DF set crosses the tunnel unfragmented.
	iface=$(cpe_gre_iface)
	mtu=$(cpe cat "/sys/class/net/$iface/mtu")
	if ! cpe ping -n -q -c 2 -W 2 -M do -s "$((mtu - 28))" "${GRE_FAR_INSIDE%/*}" >"$WORK/mtu-ping.txt" 2>&1; then
		fail_check "MTU: a $mtu-byte packet with DF set does not cross $iface: $(tail -n 2 "$WORK/mtu-ping.txt" | tr '\n' ' ')"
	fi
	finish
}

log "topology"
build_topology >"$WORK/topology.txt" 2>&1 || { fail_check "test network setup failed: $(tail -n 3 "$WORK/topology.txt")"; finish; }
[ "$KIND" != gre ] || gre_scenario
headend_interfaces >>"$WORK/topology.txt" 2>&1 || { fail_check "headend interfaces failed: $(tail -n 3 "$WORK/topology.txt")"; finish; }
acquire_slot
log "headend (startup slot $SLOT)"
headend_start || finish
log "CPE ($VENDOR)"
cpe_start || finish

# 1. Tunnels.
if [ "${EXPECT:-up}" = tunnel2-down ]; then
	# Tunnel 1 must come up; tunnel 2 then gets the same time again to prove it really stays down.
	if wait_until "$TUNNEL_DEADLINE" headend_tunnel_up 1; then
		TUNNEL_UP=$(elapsed "$CPE_STARTED")
		release_slot
		wait_until 30 headend_tunnel_up 2
	fi
	headend_tunnel_up 1 || tunnel_failure 1
	headend_tunnel_up 2 || tunnel_failure 2
	finish
fi
if wait_until "$TUNNEL_DEADLINE" headend_tunnels_up; then
	TUNNEL_UP=$(elapsed "$CPE_STARTED")
	log "tunnels up after $TUNNEL_UP s"
else
	headend_tunnel_up 1 || tunnel_failure 1
	headend_tunnel_up 2 || tunnel_failure 2
	finish
fi

# 2. BGP.
if [ "$ROUTING" = BGP ]; then
	if wait_until "$BGP_DEADLINE" headend_bgp_established; then
		BGP_UP=$(elapsed "$CPE_STARTED")
		log "BGP Established after $BGP_UP s"
		if ! wait_until 60 headend_all_routes_received; then
			fail_check "BGP: Oracle side did not receive: $(headend_missing_routes | paste -sd, -)"
		fi
	else
		fail_check "BGP: session 1 $(headend_bgp_state 1), session 2 $(headend_bgp_state 2) on the Oracle side after ${BGP_DEADLINE} s"
		finish
	fi
else
	BGP_UP="n/a"
fi
release_slot

# 3. Traffic across the tunnels.
rx_before=$(($(headend_rx 1) + $(headend_rx 2)))
if wait_until "$PING_DEADLINE" pings_ok; then
	rx_after=$(($(headend_rx 1) + $(headend_rx 2)))
	if [ "$rx_after" -gt "$rx_before" ]; then
		PING=ok
	else
		PING=FAIL
		fail_check "ping: answered, but no packet arrived through a tunnel (the test network leaks)"
	fi
else
	PING=FAIL
	fail_check "ping: no answer from $PING_DST to $(ping_failures | paste -sd, -) after ${PING_DEADLINE} s"
	finish
fi

# 4. Failover to tunnel 2.
log "failover: breaking tunnel 1"
rx2_before=$(headend_rx 2)
broken=$(now)
headend_break_tunnel 1
if wait_until "$FAILOVER_DEADLINE" pings_ok; then
	FAILOVER=$(elapsed "$broken")
	if [ "$(headend_rx 2)" -le "$rx2_before" ]; then
		FAILOVER=FAIL
		fail_check "failover: answered, but nothing arrived through tunnel 2"
	fi
	log "failover after $FAILOVER s"
else
	FAILOVER=FAIL
	lost=$(ping_failures | paste -sd, -)
	fail_check "failover: with tunnel 1 down, not every flow got through within ${FAILOVER_DEADLINE} s (still unanswered: ${lost:-none, they recovered just after the deadline}; tunnel 2: $(headend_tunnel_state 2))"
	{
		echo "    CPE routes to $PING_DST: $(cpe ip route show match "$PING_DST" | tr -s '\t\n ' ' ')"
		if [ "$ROUTING" = BGP ]; then
			echo "    CPE BGP session over tunnel 1: $(cpe_bgp_state "${T1_ORACLE_INSIDE%/*}"), over tunnel 2: $(cpe_bgp_state "${T2_ORACLE_INSIDE%/*}")"
		fi
	} >>"$OUT/failures.txt"
fi
finish
