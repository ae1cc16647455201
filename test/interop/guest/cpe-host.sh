#!/bin/bash
# The CPE "host": network namespace $P-cpe plus a mount namespace of its own, so the rendered files can be installed
# at the very paths the instructions name (/etc/ipsec.d/…, /usr/local/sbin/oci-vpn-routes.sh, /etc/frr/frr.conf) and
# the daemons run with their default paths, without one scenario's files or /run state reaching another's.
# Sourced by scenario.sh.
#
# The mount namespace is kept in $CPE_MNT (a bind mount of its nsfs file, under a private mount made by
# run-scenarios.sh); `cpe CMD…` runs a command inside both namespaces.

CPE_MNT="/run/interop-ns/$P-cpe"

cpe() { nsenter --mount="$CPE_MNT" --net="/run/netns/$P-cpe" "$@"; }

# cpe_host_create BIND… → creates the namespace with a private /run (pluto, FRR, routes-script state), a /sys that
# shows the CPE's interfaces, and then each BIND ("SOURCE:TARGET") mounted over its target (so /run may be a source).
cpe_host_create() {
	touch "$CPE_MNT"
	unshare --mount="$CPE_MNT" --propagation private nsenter --net="/run/netns/$P-cpe" bash -s "$@" <<-'EOF'
		set -e
		umount -l /sys
		mount -t sysfs sysfs /sys
		mount -t tmpfs -o mode=0755 tmpfs /run
		install -d -o frr -g frr -m 0755 /run/frr
		for bind in "$@"; do
			mount --bind "${bind%%:*}" "${bind#*:}"
		done
	EOF
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

# cpe_start_frr → `systemctl restart frr` on a Debian host: frrinit.sh starts watchfrr and the daemons named in
# /etc/frr/daemons, then applies /etc/frr/frr.conf with `vtysh -b`.
cpe_start_frr() {
	cpe /usr/lib/frr/frrinit.sh start >"$WORK/cpe-frr-start.txt" 2>&1 || {
		fail_check "CPE: frrinit.sh start failed: $(tail -n 3 "$WORK/cpe-frr-start.txt" | tr '\n' ' ')"
		return 1
	}
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
