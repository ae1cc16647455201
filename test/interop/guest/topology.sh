#!/bin/bash
# build_topology: creates the scenario's namespaces and links from scenario.env (see headend/topology.ts).
# Sourced by scenario.sh; uses $P (namespace prefix) and the scenario.env variables.
#
# Namespaces: cpe (the device under test), oci (headend: both Oracle IPs, charon, FRR), vcn (a host on the Oracle
# side), lan (hosts on the CPE side) and, when the CPE sits behind NAT, home (the NAT router, site.lanGateway).
# Nothing here can reach outside the guest: the guest has no network device at all.

# first_addr "a/len b/len" → a
first_addr() { local x=${1%% *}; echo "${x%/*}"; }

build_topology() {
	local ns gw h
	local all="cpe oci vcn lan"
	[ "$BEHIND_NAT" = 1 ] && all="$all home"
	for ns in $all; do
		ip netns add "$P-$ns"
		inns "$ns" ip link set lo up
	done

	# Oracle side: oci ── vcn.
	ip link add oci-vcn netns "$P-oci" type veth peer name eth0 netns "$P-vcn"
	for gw in $ORACLE_LAN_GWS; do inns oci ip addr add "$gw" dev oci-vcn; done
	inns oci ip link set oci-vcn up
	for h in $ORACLE_LAN_HOSTS; do inns vcn ip addr add "$h" dev eth0; done
	inns vcn ip link set eth0 up
	inns vcn ip route add default via "$(first_addr "$ORACLE_LAN_GWS")"

	# The CPE side: the WAN interface keeps the name the rendered files use (sysctl keys, nft rules).
	local edge edge_if lan_router lan_if
	if [ "$BEHIND_NAT" = 1 ]; then
		ip link add "$CPE_WAN_IF" netns "$P-cpe" type veth peer name home-in netns "$P-home"
		inns cpe ip addr add "$CPE_WAN_ADDR" dev "$CPE_WAN_IF"
		inns home ip addr add "$HOME_GW/24" dev home-in
		inns home ip link set home-in mtu "$WAN_MTU" up
		inns cpe ip link set "$CPE_WAN_IF" mtu "$WAN_MTU" up
		inns cpe ip route add default via "$HOME_GW"
		edge=home
		edge_if=home-wan
		ip link add home-wan netns "$P-home" type veth peer name oci-wan netns "$P-oci"
		lan_router=home
		lan_if=home-lan
	else
		edge=cpe
		edge_if=$CPE_WAN_IF
		ip link add "$CPE_WAN_IF" netns "$P-cpe" type veth peer name oci-wan netns "$P-oci"
		lan_router=cpe
		lan_if=lan0
	fi

	# The "internet": one link between the edge (NAT router or CPE) and the headend, /32 addresses on both ends.
	inns "$edge" ip addr add "$CPE_PUBLIC_IP/32" dev "$edge_if"
	inns "$edge" ip link set "$edge_if" mtu "$WAN_MTU" up
	inns "$edge" ip route add default dev "$edge_if"
	inns oci ip addr add "$T1_ORACLE_IP/32" dev oci-wan
	inns oci ip addr add "$T2_ORACLE_IP/32" dev oci-wan
	inns oci ip link set oci-wan mtu "$WAN_MTU" up
	inns oci ip route add "$CPE_PUBLIC_IP/32" dev oci-wan
	inns oci sysctl -qw net.ipv4.ip_forward=1
	# Oracle never routes Internet traffic into a VCN: without this a ping could bypass the tunnels.
	inns oci nft -f - <<-EOF
		table inet interop {
			chain forward {
				type filter hook forward priority 0; policy accept;
				iifname "oci-wan" drop
				oifname "oci-wan" drop
			}
		}
	EOF

	# The CPE-side LAN: lan ── lan_router.
	ip link add "$lan_if" netns "$P-$lan_router" type veth peer name eth0 netns "$P-lan"
	for gw in $CPE_LAN_GWS; do inns "$lan_router" ip addr add "$gw" dev "$lan_if"; done
	inns "$lan_router" ip link set "$lan_if" up
	for h in $CPE_LAN_HOSTS; do inns lan ip addr add "$h" dev eth0; done
	local first_host len src
	first_host=${CPE_LAN_HOSTS%% *}
	len=${first_host#*/}
	for src in $PING_SRCS; do
		[ "$src" = "${first_host%/*}" ] || inns lan ip addr add "$src/$len" dev eth0
	done
	inns lan ip link set eth0 up
	inns lan ip route add default via "$(first_addr "$CPE_LAN_GWS")"

	if [ "$BEHIND_NAT" = 1 ]; then
		# The NAT router: forwards, masquerades to the CPE's public address, and sends Oracle-bound LAN traffic to
		# the CPE (the user's own router config, not something tunnelsmith renders).
		inns home sysctl -qw net.ipv4.ip_forward=1
		local net
		for net in $ORACLE_NETS; do inns home ip route add "$net" via "${CPE_WAN_ADDR%/*}"; done
		inns home nft -f - <<-EOF
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
	local i inside
	for i in 1 2; do
		inns oci ip link add "xfrm$i" type xfrm dev oci-wan if_id "$i"
		inns oci ip link set "xfrm$i" mtu 1400 up
		inside="T${i}_ORACLE_INSIDE"
		if [ -n "${!inside}" ]; then inns oci ip addr add "${!inside}" dev "xfrm$i"; fi
	done
	if [ "$ROUTING" = STATIC ]; then
		local net
		for net in $CPE_NETS; do
			inns oci ip route add "$net" nexthop dev xfrm1 nexthop dev xfrm2
		done
	fi
}
