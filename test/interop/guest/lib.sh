#!/bin/bash
# Helpers shared by the guest scripts (sourced). Everything here runs inside the QEMU guest.

# The strongSwan chroot (test/syntax/setup-strongswan-chroot.sh), seen through the guest's overlay root.
CHROOT=${TUNNELSMITH_STRONGSWAN_CHROOT:-/var/cache/tunnelsmith/strongswan-chroot}

# Seconds since the epoch with microseconds (bash 5).
now() { echo "$EPOCHREALTIME"; }

# elapsed START → seconds since START with one decimal.
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# log MESSAGE… → timestamped line in the scenario's log (and the console when INTEROP_VERBOSE=1).
log() {
	local line
	line="$(date +%H:%M:%S) [$SCENARIO] $*"
	echo "$line" >>"$OUT/scenario.log"
	[ "${INTEROP_VERBOSE:-0}" = 1 ] && echo "$line" >&2
	return 0
}

# fail_check MESSAGE → records one failed check (one line each in failures.txt).
fail_check() {
	log "FAIL: $*"
	echo "$*" >>"$OUT/failures.txt"
}

# inns NS CMD… → run CMD inside namespace $P-NS.
inns() {
	local ns=$1
	shift
	ip netns exec "$P-$ns" "$@"
}

# wait_until SECONDS CMD… → 0 as soon as CMD succeeds (polled each second), 1 when SECONDS have passed.
wait_until() {
	local deadline=$1
	shift
	local start=$EPOCHREALTIME
	while :; do
		"$@" && return 0
		awk -v a="$start" -v b="$EPOCHREALTIME" -v d="$deadline" 'BEGIN { exit !(b - a >= d) }' && return 1
		sleep 1
	done
}
