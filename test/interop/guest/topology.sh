#!/bin/bash
# build_topology: creates the scenario's namespaces and links from scenario.env (see headend/topology.ts).
# Sourced by scenario.sh; uses $P (namespace prefix) and the scenario.env variables.
#
# Namespaces: cpe (the device under test), oci (headend: both Oracle IPs, charon, FRR — or the far GRE gateway),
# vcn (a host on the Oracle side), lan (hosts on the CPE side) and, when the CPE sits behind NAT, home (the NAT
# router, site.lanGateway). Nothing here can reach outside the guest: the guest has no network device at all.
#
# Every process costs a lot under emulation, so the `ip` commands are collected per namespace and run as one
# `ip -batch` each.

# first_addr "a/len b/len" → a
first_addr() { local x=${1%% *}; echo "${x%/*}"; }

# at NS COMMAND… → queues an `ip` command (without the leading "ip") for namespace $P-NS ("root" for the guest's).
declare -A BATCH=()
at() {
	local ns=$1
	shift
	BATCH[$ns]+="$*"$'\n'
}

# run_batch NS → runs the queued commands of NS.
run_batch() {
	local ns=$1
	[ -n "${BATCH[$ns]:-}" ] || return 0
	if [ "$ns" = root ]; then
		ip -batch - <<<"${BATCH[$ns]}"
	else
		ip -n "$P-$ns" -batch - <<<"${BATCH[$ns]}"
	fi
	BATCH[$ns]=""
}

build_topology() {
	local ns gw h net src
	local all="cpe oci vcn lan"
	[ "$BEHIND_NAT" = 1 ] && all="$all home"
	for ns in $all; do
		at root netns add "$P-$ns"
		at "$ns" link set lo up
	done

	# Oracle side: oci ── vcn.
	at root link add oci-vcn netns "$P-oci" type veth peer name eth0 netns "$P-vcn"
	for gw in $ORACLE_LAN_GWS; do at oci addr add "$gw" dev oci-vcn; done
	at oci link set oci-vcn up
	for h in $ORACLE_LAN_HOSTS; do at vcn addr add "$h" dev eth0; done
	at vcn link set eth0 up
	at vcn route add default via "$(first_addr "$ORACLE_LAN_GWS")"

	# The CPE side: the WAN interface keeps the name the rendered files use (sysctl keys, nft rules).
	local edge edge_if lan_router lan_if
	if [ "$BEHIND_NAT" = 1 ]; then
		at root link add "$CPE_WAN_IF" netns "$P-cpe" type veth peer name home-in netns "$P-home"
		at cpe addr add "$CPE_WAN_ADDR" dev "$CPE_WAN_IF"
		at home addr add "$HOME_GW/24" dev home-in
		at home link set home-in mtu "$WAN_MTU" up
		at cpe link set "$CPE_WAN_IF" mtu "$WAN_MTU" up
		at cpe route add default via "$HOME_GW"
		edge=home
		edge_if=home-wan
		at root link add home-wan netns "$P-home" type veth peer name oci-wan netns "$P-oci"
		lan_router=home
		lan_if=home-lan
		# Oracle-bound LAN traffic goes to the CPE (the user's own router config, not rendered by tunnelsmith).
		for net in $ORACLE_NETS; do at home route add "$net" via "${CPE_WAN_ADDR%/*}"; done
	else
		edge=cpe
		edge_if=$CPE_WAN_IF
		at root link add "$CPE_WAN_IF" netns "$P-cpe" type veth peer name oci-wan netns "$P-oci"
		lan_router=cpe
		lan_if=lan0
	fi

	# The "internet" (or GRE underlay): one link between the edge and the far side, /32 addresses on both ends.
	at "$edge" addr add "$CPE_PUBLIC_IP/32" dev "$edge_if"
	at "$edge" link set "$edge_if" mtu "$WAN_MTU" up
	at "$edge" route add default dev "$edge_if"
	at oci addr add "$T1_ORACLE_IP/32" dev oci-wan
	[ -z "$T2_ORACLE_IP" ] || at oci addr add "$T2_ORACLE_IP/32" dev oci-wan
	at oci link set oci-wan mtu "$WAN_MTU" up
	at oci route add "$CPE_PUBLIC_IP/32" dev oci-wan

	# The CPE-side LAN: lan ── lan_router; extra source addresses for the multi-flow ping.
	at root link add "$lan_if" netns "$P-$lan_router" type veth peer name eth0 netns "$P-lan"
	for gw in $CPE_LAN_GWS; do at "$lan_router" addr add "$gw" dev "$lan_if"; done
	at "$lan_router" link set "$lan_if" up
	for h in $CPE_LAN_HOSTS; do at lan addr add "$h" dev eth0; done
	local first_host=${CPE_LAN_HOSTS%% *}
	for src in $PING_SRCS; do
		[ "$src" = "${first_host%/*}" ] || at lan addr add "$src/${first_host#*/}" dev eth0
	done
	at lan link set eth0 up
	at lan route add default via "$(first_addr "$CPE_LAN_GWS")"

	run_batch root
	for ns in $all; do run_batch "$ns"; done

	# Oracle never routes Internet traffic into a VCN: without this a ping could bypass the tunnels.
	ip netns exec "$P-oci" sh -c 'sysctl -qw net.ipv4.ip_forward=1 && nft -f -' <<-EOF
		table inet interop {
			chain forward {
				type filter hook forward priority 0; policy accept;
				iifname "oci-wan" drop
				oifname "oci-wan" drop
			}
		}
	EOF
	if [ "$BEHIND_NAT" = 1 ]; then
		# The NAT router: forwards, and masquerades to the CPE's public address towards the Internet.
		ip netns exec "$P-home" sh -c 'sysctl -qw net.ipv4.ip_forward=1 && nft -f -' <<-EOF
			table ip interop_nat {
				chain postrouting {
					type nat hook postrouting priority 100; policy accept;
					oifname "home-wan" snat to $CPE_PUBLIC_IP
				}
			}
		EOF
	fi
}

# headend_interfaces: the headend's XFRM interfaces (if_id = tunnel number), BGP inside addresses, and for STATIC
# the CPE-side networks across both tunnels (as Oracle routes a static connection's networks over both).
headend_interfaces() {
	local i inside net
	for i in 1 2; do
		at oci link add "xfrm$i" type xfrm dev oci-wan if_id "$i"
		at oci link set "xfrm$i" mtu 1400 up
		inside="T${i}_ORACLE_INSIDE"
		[ -z "${!inside}" ] || at oci addr add "${!inside}" dev "xfrm$i"
	done
	if [ "$ROUTING" = STATIC ]; then
		for net in $CPE_NETS; do at oci route add "$net" nexthop dev xfrm1 nexthop dev xfrm2; done
	fi
	run_batch oci
}
