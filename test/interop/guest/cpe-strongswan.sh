#!/bin/bash
# CPE side for the `strongswan` vendor. strongSwan conflicts with the host's libreswan package, so its charon and
# swanctl come from the strongSwan chroot; inside the CPE's mount namespace that chroot shares the CPE's /run, and the
# rendered files sit at the paths their headers name:
#   swanctl.conf → /etc/swanctl/conf.d/<name from its header> (Debian's swanctl.conf includes conf.d/*.conf)
#   /usr/local/sbin scripts → /usr/local/sbin, in the chroot too (charon runs any updown hook from there)
#   oci-vpn-charon.conf → /etc/strongswan.d/<name from its header> (Debian's strongswan.conf includes strongswan.d/*.conf)
# Order as on a booting Debian host: sysctl.d, nftables, frr.service, strongswan.service (charon, then
# `swanctl --load-all`), oci-vpn-routes.service (After=strongswan.service). Sourced by scenario.sh.

CPE_FILES="$DIR/cpe/strongswan"
SS="$WORK/cpe-strongswan"
CPE_LOG_DIR="/tunnelsmith/$P-cpe" # inside the chroot

cpe_start() {
	local conf_name
	conf_name=$(sed -n 's|^#.*install -m 0600 .* swanctl.conf /etc/swanctl/conf.d/\([A-Za-z0-9._-]*\)$|\1|p' \
		"$CPE_FILES/swanctl.conf" | head -n 1)
	if [ -z "$conf_name" ]; then
		fail_check "CPE: swanctl.conf names no install path under /etc/swanctl/conf.d/ in its header"
		return 1
	fi
	mkdir -p "$SS/conf.d" "$SS/sbin" "$CHROOT$CPE_LOG_DIR"
	install -m 0600 "$CPE_FILES/swanctl.conf" "$SS/conf.d/$conf_name"
	install_sbin_scripts "$CPE_FILES" "$SS/sbin"
	# The CPE's /etc/strongswan.d (the headend's charon shares the chroot, not this folder): Debian's snippets, the
	# rendered daemon settings at the path their header names, a log file, and the plugin snippets below.
	mkdir -p "$SS/strongswan.d"
	cp -a "$CHROOT/etc/strongswan.d/." "$SS/strongswan.d/"
	rm -rf "$SS/strongswan.d/charon"
	mkdir -p "$SS/strongswan.d/charon"
	local charon_conf
	charon_conf=$(sed -n 's|^# Install as /etc/strongswan.d/\([A-Za-z0-9._-]*\.conf\),.*|\1|p' \
		"$CPE_FILES/oci-vpn-charon.conf" 2>/dev/null | head -n 1)
	if [ -z "$charon_conf" ]; then
		fail_check "CPE: oci-vpn-charon.conf is missing or names no install path under /etc/strongswan.d/"
		return 1
	fi
	install -m 0644 "$CPE_FILES/oci-vpn-charon.conf" "$SS/strongswan.d/$charon_conf"
	# The plugins a user gets from the packages the swanctl.conf header names (charon-systemd, strongswan-swanctl,
	# libstrongswan-standard-plugins and what they pull in): the chroot holds more (extra plugins, for the syntax
	# test), and loading those too would hide a plugin the instructions forget. Debian loads each plugin whose
	# snippet is in /etc/strongswan.d/charon/, so the CPE gets only these packages' snippets.
	local pkg list
	for pkg in libstrongswan libstrongswan-standard-plugins strongswan-libcharon strongswan-swanctl; do
		for list in "$CHROOT/var/lib/dpkg/info/$pkg.list" "$CHROOT/var/lib/dpkg/info/$pkg":*.list; do
			[ -f "$list" ] || continue
			while read -r path; do
				case "$path" in /etc/strongswan.d/charon/*.conf) cp "$CHROOT$path" "$SS/strongswan.d/charon/" ;; esac
			done <"$list"
		done
	done
	# The user's strongswan.conf stays Debian's; only a log file is added (through the logging snippet Debian ships).
	cat >"$SS/strongswan.d/charon-logging.conf" <<-EOF
		charon {
			filelog {
				interop {
					path = $CPE_LOG_DIR/charon.log
					time_format = %H:%M:%S
					default = 1
				}
			}
		}
	EOF

	local binds=(
		"$SS/conf.d:$CHROOT/etc/swanctl/conf.d"
		"$SS/sbin:/usr/local/sbin"
		"$SS/sbin:$CHROOT/usr/local/sbin"
		"$SS/strongswan.d:$CHROOT/etc/strongswan.d"
		"/run:$CHROOT/run"
	)
	cpe_host_boot "$SS" "${binds[@]}" || return 1
	# strongswan.service: charon, then swanctl --load-all (which starts the start_action = start tunnels).
	CPE_STARTED=$(now)
	cpe chroot "$CHROOT" /usr/lib/ipsec/charon >"$WORK/cpe-charon.out" 2>&1 &
	# Loading some 40 plugins alone takes a while under emulation.
	if ! wait_until 240 test -S "$CPE_RUN/charon.vici"; then
		fail_check "CPE: charon did not open its VICI socket: $(tail -n 3 "$WORK/cpe-charon.out" | tr '\n' ' ')"
		return 1
	fi
	cpe chroot "$CHROOT" swanctl --load-all --noprompt >"$WORK/cpe-swanctl-load.txt" 2>&1
	if ! grep -q 'successfully loaded 2 connections' "$WORK/cpe-swanctl-load.txt"; then
		fail_check "CPE: swanctl --load-all did not load both tunnels: $(tr '\n' ' ' <"$WORK/cpe-swanctl-load.txt")"
		return 1
	fi
	# oci-vpn-routes.service (After=strongswan.service): its ExecStart= line.
	local exec_start
	exec_start=$(sed -n 's/^ExecStart=//p' "$CPE_FILES/oci-vpn-routes.service")
	# shellcheck disable=SC2086 # ExecStart= is a command line
	cpe $exec_start >"$WORK/cpe-routes.txt" 2>&1 &
	return 0
}

# cpe_log_hints N → charon's lines explaining why tunnel N is not up.
cpe_log_hints() {
	grep -E "oracle-tunnel-$1|no matching|AUTH|NO_PROPOSAL|INVALID|mismatch" "$CHROOT$CPE_LOG_DIR/charon.log" 2>/dev/null |
		grep -E -i 'fail|no matching|mismatch|invalid|NO_PROPOSAL|unacceptable|giving up|timeout|error' |
		tail -n 2 | sed 's/^/    CPE charon log: /'
}

cpe_diagnostics() {
	{
		echo "== CPE: swanctl --list-sas"
		cpe chroot "$CHROOT" swanctl --list-sas
		echo "== CPE: routes"
		cpe ip route
		echo "== CPE: links"
		cpe ip -s link
		echo "== CPE: routes script output"
		cat "$WORK/cpe-routes.txt"
	} >>"$OUT/diagnostics.txt" 2>&1
	[ -f "$CPE_FILES/frr.conf" ] && cpe_frr_diagnostics
	cp "$CHROOT$CPE_LOG_DIR/charon.log" "$OUT/cpe-charon.log" 2>/dev/null
	return 0
}
