#!/bin/bash
# CPE side for the `libreswan` vendor: the rendered files installed unmodified at the paths their headers name, in
# the order a booting Debian host applies them — sysctl.d, nftables, frr.service, ipsec.service (pluto),
# oci-vpn-routes.service (After=ipsec.service). Sourced by scenario.sh.

CPE_FILES="$DIR/cpe/libreswan"
LS="$WORK/cpe-libreswan"

cpe_start() {
	mkdir -p "$LS/ipsec.d" "$LS/nss" "$LS/sbin"
	install -m 0644 "$CPE_FILES/oci-ipsec.conf" "$LS/ipsec.d/oci-ipsec.conf"
	install -m 0600 "$CPE_FILES/oci-ipsec.secrets" "$LS/ipsec.d/oci-ipsec.secrets"
	install_sbin_scripts "$CPE_FILES" "$LS/sbin"

	# The user's main /etc/ipsec.conf: Debian's own file (config setup + include /etc/ipsec.d/*.conf), plus exactly
	# what the rendered file tells the user to add to it (its IKEv1 notice asks for ikev1-policy=accept).
	cp /etc/ipsec.conf "$LS/ipsec.conf"
	if grep -Eq '^#[[:space:]]+ikev1-policy=accept[[:space:]]*$' "$CPE_FILES/oci-ipsec.conf"; then
		sed -i 's/^config setup$/config setup\n\tikev1-policy=accept/' "$LS/ipsec.conf"
	fi

	local binds=(
		"$LS/ipsec.conf:/etc/ipsec.conf"
		"$LS/ipsec.d:/etc/ipsec.d"
		"$LS/nss:/var/lib/ipsec/nss"
		"$LS/sbin:/usr/local/sbin"
	)
	cpe_host_boot "$LS" "${binds[@]}" || return 1
	# ipsec.service: ExecStartPre checks, then pluto (which loads and starts the auto=start connections itself).
	if ! cpe /usr/libexec/ipsec/addconn --config /etc/ipsec.conf --checkconfig >"$WORK/cpe-checkconfig.txt" 2>&1; then
		fail_check "CPE: addconn --checkconfig rejected the configuration: $(tr '\n' ' ' <"$WORK/cpe-checkconfig.txt")"
		return 1
	fi
	cpe ipsec --checknss >"$WORK/cpe-checknss.txt" 2>&1
	CPE_STARTED=$(now)
	cpe /usr/libexec/ipsec/pluto --config /etc/ipsec.conf --nofork --logfile "$WORK/cpe-pluto.log" \
		>"$WORK/cpe-pluto.out" 2>&1 &
	# oci-vpn-routes.service (After=ipsec.service): its ExecStart= line.
	local exec_start
	exec_start=$(sed -n 's/^ExecStart=//p' "$CPE_FILES/oci-vpn-routes.service")
	# shellcheck disable=SC2086 # ExecStart= is a command line
	cpe $exec_start >"$WORK/cpe-routes.txt" 2>&1 &
	return 0
}

# cpe_log_hints N → pluto's lines explaining why tunnel N is not up.
cpe_log_hints() {
	grep "oracle-tunnel-$1" "$WORK/cpe-pluto.log" 2>/dev/null |
		grep -E -i 'fail|refus|not allow|reject|NOTIFY|AUTHENTICATION|NO_PROPOSAL|INVALID|timeout|giving up|error' |
		tail -n 2 | sed 's/^/    CPE pluto log: /'
	grep -E -i 'ikev1-policy|not allow' "$WORK/cpe-pluto.log" 2>/dev/null | head -n 1 | sed 's/^/    CPE pluto log: /'
}

cpe_diagnostics() {
	{
		echo "== CPE: ipsec trafficstatus"
		cpe ipsec trafficstatus
		echo "== CPE: routes"
		cpe ip route
		echo "== CPE: links"
		cpe ip -s link
		echo "== CPE: routes script output"
		cat "$WORK/cpe-routes.txt"
	} >>"$OUT/diagnostics.txt" 2>&1
	[ -f "$CPE_FILES/frr.conf" ] && cpe_frr_diagnostics
	cp "$WORK/cpe-pluto.log" "$OUT/cpe-pluto.log" 2>/dev/null
	return 0
}
