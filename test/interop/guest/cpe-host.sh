#!/bin/bash
# The CPE "host": network namespace $P-cpe plus a mount namespace of its own, so the rendered files can be installed
# at the very paths the instructions name (/etc/ipsec.d/…, /usr/local/sbin/oci-vpn-routes.sh, /etc/frr/frr.conf) and
# the daemons run with their default paths, without one scenario's files or /run state reaching another's.
# Sourced by scenario.sh.
#
# The mount namespace is kept in $CPE_MNT (a bind mount of its nsfs file, under a private mount made by
# run-scenarios.sh); `cpe CMD…` runs a command inside both namespaces.

CPE_MNT="/run/interop-ns/$P-cpe"
# The CPE's /run, also visible from the guest's own namespace (a socket there can be waited for without a process).
CPE_RUN="$WORK/cpe-run"

cpe() { nsenter --mount="$CPE_MNT" --net="/run/netns/$P-cpe" "$@"; }

# cpe_host_create BIND… → creates the namespace with its own /run (pluto, FRR, routes-script state), a /sys that
# shows the CPE's interfaces, and then each BIND ("SOURCE:TARGET") mounted over its target (so /run may be a source).
cpe_host_create() {
	touch "$CPE_MNT"
	mkdir -p "$CPE_RUN"
	chmod 0755 "$CPE_RUN"
	unshare --mount="$CPE_MNT" --propagation private nsenter --net="/run/netns/$P-cpe" bash -s "$CPE_RUN" "$@" <<-'EOF'
		set -e
		umount -l /sys
		mount -t sysfs sysfs /sys
		mount --bind "$1" /run
		shift
		install -d -o frr -g frr -m 0755 /run/frr
		for bind in "$@"; do
			mount --bind "${bind%%:*}" "${bind#*:}"
		done
	EOF
}

# cpe_host_boot DIR BIND… → what a Linux CPE does before its IKE daemon starts, in the order of a Debian boot: the
# CPE host namespace with the BINDs (plus DIR/frr as /etc/frr when a frr.conf was rendered), the rendered sysctl.d
# file and nftables MSS clamp, then frr.service (ordered Before=network.target; the IKE daemon comes
# After=network-online.target). Returns non-zero when the CPE cannot go on.
cpe_host_boot() {
	local dir=$1
	shift
	local binds=("$@")
	if [ -f "$CPE_FILES/frr.conf" ]; then
		cpe_etc_frr "$dir/frr" "$CPE_FILES/frr.conf"
		binds+=("$dir/frr:/etc/frr")
	fi
	cpe_host_create "${binds[@]}" || {
		fail_check "CPE: could not create the CPE host namespace"
		return 1
	}

	cpe sysctl -q -p "$CPE_FILES/99-oci-vpn.conf" >"$WORK/cpe-sysctl.txt" 2>&1 ||
		fail_check "CPE: sysctl -p 99-oci-vpn.conf failed: $(tr '\n' ' ' <"$WORK/cpe-sysctl.txt")"
	cpe nft -f "$CPE_FILES/oci-vpn-mss.nft" >"$WORK/cpe-nft.txt" 2>&1 ||
		fail_check "CPE: nft -f oci-vpn-mss.nft failed: $(tr '\n' ' ' <"$WORK/cpe-nft.txt")"

	if [ -f "$CPE_FILES/frr.conf" ]; then
		cpe_start_frr || return 1
	fi
	return 0
}

# install_sbin_scripts RENDERED_DIR SBIN_DIR → every rendered script whose header says
# "Install as /usr/local/sbin/NAME" goes to SBIN_DIR/NAME (SBIN_DIR becomes the CPE's /usr/local/sbin).
install_sbin_scripts() {
	local f target
	for f in "$1"/*; do
		target=$(sed -n 's|^# Install as /usr/local/sbin/\([A-Za-z0-9._-]*\).*|\1|p' "$f" | head -n 1)
		[ -z "$target" ] || install -m 0755 "$f" "$2/$target"
	done
}

# cpe_etc_frr DIR FRR_CONF → DIR becomes the CPE's /etc/frr: the distribution's files, bgpd=yes in daemons (as the
# rendered frr.conf's header says) and the rendered frr.conf.
cpe_etc_frr() {
	local dir=$1 conf=$2
	mkdir -p "$dir"
	cp -a /etc/frr/. "$dir/"
	sed -i 's/^bgpd=no$/bgpd=yes/' "$dir/daemons"
	install -o frr -g frr -m 0640 "$conf" "$dir/frr.conf"
}

# cpe_start_frr → what `systemctl restart frr` does on a Debian host, minus watchfrr: each daemon enabled in
# /etc/frr/daemons (zebra and staticd always) started the way frrcommon.sh starts it (-d -F traditional plus its
# *_options line), then `vtysh -b` applies /etc/frr/frr.conf. watchfrr is left out because its start-up timeouts
# are meant for real CPUs: under emulation it may declare a slow daemon dead and skip the config.
cpe_start_frr() {
	local d opts
	for d in zebra staticd bgpd; do
		opts=$(cpe bash -c '. /etc/frr/daemons; v="${1}_options"; echo "${!v}"' _ "$d")
		# shellcheck disable=SC2086 # the *_options line is a list of arguments
		if ! cpe "/usr/lib/frr/$d" -d -F traditional $opts >>"$WORK/cpe-frr-start.txt" 2>&1; then
			fail_check "CPE: FRR $d did not start: $(tail -n 2 "$WORK/cpe-frr-start.txt" | tr '\n' ' ')"
			return 1
		fi
	done
	if ! cpe vtysh -b >>"$WORK/cpe-frr-start.txt" 2>&1; then
		fail_check "CPE: vtysh -b could not apply frr.conf: $(tail -n 3 "$WORK/cpe-frr-start.txt" | tr '\n' ' ')"
		return 1
	fi
}

# cpe_bgp_state PEER → the CPE's view of its BGP session with PEER.
cpe_bgp_state() {
	cpe vtysh -c 'show bgp summary json' 2>/dev/null | jq -r --arg p "$1" '.ipv4Unicast.peers[$p].state // "no session"'
}

cpe_frr_diagnostics() {
	{
		echo "== CPE: show bgp summary"
		cpe vtysh -c 'show bgp summary'
		echo "== CPE: show ip route"
		cpe vtysh -c 'show ip route'
		echo "== CPE: show running-config"
		cpe vtysh -c 'show running-config'
	} >>"$OUT/diagnostics.txt" 2>&1
}
