#!/bin/sh
# Stand-in for ipsec, swanctl, systemctl, sysctl, nft, vtysh and networkctl in the agent tests: appends its argv
# to $FAKE_LOG and answers tunnel queries from $FAKE_UP (one conn name per line = that conn has an SA).
# FAKE_BREAK=1: anything that re-establishes a tunnel or restarts a daemon takes every tunnel down for good.
# FAKE_REJECT=<tool>: that tool's validation (addconn --checkconfig, vtysh --dryrun, nft -c) fails.
tool=$(basename "$0")
printf '%s %s\n' "$tool" "$*" >>"${FAKE_LOG:?}"
up() { [ -f "${FAKE_UP:?}" ] && grep -qx "$1" "$FAKE_UP"; }
case "$tool $*" in
"ipsec whack --trafficstatus")
	[ -f "$FAKE_UP" ] && while read -r c; do printf '006 #2: "%s", type=ESP, add_time=1\n' "$c"; done <"$FAKE_UP"
	exit 0
	;;
"swanctl --list-sas --ike "*)
	if up "$4"; then printf '%s: #1, ESTABLISHED, IKEv2\n  child: #1, reqid 1, INSTALLED, TUNNEL\n' "$4"; fi
	exit 0
	;;
"ipsec addconn --checkconfig"* | "vtysh --dryrun"* | "nft -c"*)
	[ "${FAKE_REJECT:-}" = "$tool" ] && { echo "$tool: syntax error (fake)" >&2; exit 1; }
	exit 0
	;;
"ipsec auto --replace"* | "swanctl --terminate"* | "systemctl restart"*)
	[ "${FAKE_BREAK:-}" = 1 ] && : >"$FAKE_UP"
	exit 0
	;;
esac
exit 0
