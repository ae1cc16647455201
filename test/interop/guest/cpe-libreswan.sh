#!/bin/bash
# CPE side for the `libreswan` vendor: the rendered files, installed unmodified, in the order a booting Debian host
# applies them — sysctl.d, nftables, ipsec (pluto), oci-vpn-routes.service (After=ipsec.service), frr.
# Only paths are mapped: /etc/ipsec.d/… → $WORK/ipsec.d/…, /etc/frr/frr.conf → /etc/frr/<pathspace>/frr.conf.
# Sourced by scenario.sh.

CPE_FILES="$DIR/cpe/libreswan"
LS="$WORK/cpe-libreswan"

cpe_start() {
	mkdir -p "$LS/ipsec.d" "$LS/run" "$LS/nss"
	install -m 0644 "$CPE_FILES/oci-ipsec.conf" "$LS/ipsec.d/oci-ipsec.conf"
	install -m 0600 "$CPE_FILES/oci-ipsec.secrets" "$LS/ipsec.d/oci-ipsec.secrets"

	# The user's own main ipsec.conf: Debian's shape (config setup + include), plus exactly what the rendered file
	# tells the user to add to it (the IKEv1 notice asks for ikev1-policy=accept).
	{
		echo "config setup"
		if grep -Eq '^#[[:space:]]+ikev1-policy=accept[[:space:]]*$' "$LS/ipsec.d/oci-ipsec.conf"; then
			echo "	ikev1-policy=accept"
		fi
		echo "include $LS/ipsec.d/*.conf"
	} >"$LS/ipsec.conf"
	echo "include $LS/ipsec.d/*.secrets" >"$LS/ipsec.secrets"
	chmod 0600 "$LS/ipsec.secrets"

	inns cpe sysctl -q -p "$CPE_FILES/99-oci-vpn.conf" >"$WORK/cpe-sysctl.txt" 2>&1 ||
		fail_check "CPE: sysctl -p 99-oci-vpn.conf failed: $(tr '\n' ' ' <"$WORK/cpe-sysctl.txt")"
	inns cpe nft -f "$CPE_FILES/oci-vpn-mss.nft" >"$WORK/cpe-nft.txt" 2>&1 ||
		fail_check "CPE: nft -f oci-vpn-mss.nft failed: $(tr '\n' ' ' <"$WORK/cpe-nft.txt")"
	ipsec initnss --nssdir "$LS/nss" >"$WORK/cpe-initnss.txt" 2>&1

	CPE_STARTED=$(now)
	# pluto --config loads and starts the auto=start connections itself (a later `ipsec addconn` would restart them).
	inns cpe /usr/libexec/ipsec/pluto --nofork --config "$LS/ipsec.conf" --secretsfile "$LS/ipsec.secrets" \
		--rundir "$LS/run" --nssdir "$LS/nss" --ipsecdir "$LS/ipsec.d" --logfile "$WORK/cpe-pluto.log" \
		>"$WORK/cpe-pluto.out" 2>&1 &
	# oci-vpn-routes.service: runs once ipsec.service has started.
	inns cpe sh "$CPE_FILES/oci-vpn-routes.sh" >"$WORK/cpe-routes.txt" 2>&1 &
	if [ -f "$CPE_FILES/frr.conf" ]; then
		start_frr cpe "$CPE_FILES/frr.conf" zebra staticd bgpd || fail_check "CPE: FRR did not start"
	fi
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
		inns cpe ipsec whack --rundir "$LS/run" --trafficstatus
		echo "== CPE: routes"
		inns cpe ip route
		echo "== CPE: links"
		inns cpe ip -s link
		echo "== CPE: routes script output"
		cat "$WORK/cpe-routes.txt"
	} >>"$OUT/diagnostics.txt" 2>&1
	cp "$WORK/cpe-pluto.log" "$OUT/cpe-pluto.log" 2>/dev/null
}
