#!/bin/bash
# Helpers shared by the guest scripts (sourced). Everything here runs inside the QEMU guest, where every new process
# is expensive (two emulated CPUs shared by all scenarios): waiting and timing use bash builtins only.

# The strongSwan chroot (test/syntax/setup-strongswan-chroot.sh), seen through the guest's overlay root.
CHROOT=${TUNNELSMITH_STRONGSWAN_CHROOT:-/var/cache/tunnelsmith/strongswan-chroot}

# A FIFO held open for reading and writing never delivers data or EOF: `read -t` on it is a sleep without a process.
_sleep_fifo="/run/interop-sleep.$$.$RANDOM"
mkfifo "$_sleep_fifo"
exec {SLEEP_FD}<>"$_sleep_fifo"
rm -f "$_sleep_fifo"

# pause SECONDS → sleeps without starting a process.
pause() { read -r -t "$1" -u "$SLEEP_FD" _ || true; }

# now → the current time in microseconds since the epoch.
now() { echo "${EPOCHREALTIME/./}"; }

# elapsed START → seconds since START (from `now`) with one decimal.
elapsed() {
	local us=$((${EPOCHREALTIME/./} - $1))
	echo "$((us / 1000000)).$((us / 100000 % 10))"
}

# log MESSAGE… → timestamped line in the scenario's log (and the console when INTEROP_VERBOSE=1).
log() {
	local line
	printf -v line '%(%H:%M:%S)T [%s] %s' -1 "$SCENARIO" "$*"
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

# wait_until SECONDS CMD… → 0 as soon as CMD succeeds (polled every 3 s), 1 when SECONDS have passed.
wait_until() {
	local deadline=$((${EPOCHREALTIME/./} + $1 * 1000000))
	shift
	while :; do
		"$@" && return 0
		[ "${EPOCHREALTIME/./}" -lt "$deadline" ] || return 1
		pause 3
	done
}

# Startup slots: bringing daemons and tunnels up is what loads the CPUs, so only INTEROP_SLOTS scenarios do it at
# once; the long waits that follow (DPD, failover) overlap freely.
SLOT_DIR=/run/interop-slots
SLOT=""

acquire_slot() {
	local k taken
	# First come, first served in scenarios.tsv order: scenario N waits until scenarios 1…N-1 have had a slot, so
	# the long ones listed first start first.
	shopt -s nullglob
	while :; do
		taken=("$SLOT_DIR"/taken.*)
		[ "${#taken[@]}" -ge $((INDEX - 1)) ] && break
		pause 1
	done
	while :; do
		for ((k = 1; k <= ${INTEROP_SLOTS:-2}; k++)); do
			if mkdir "$SLOT_DIR/$k" 2>/dev/null; then
				SLOT=$k
				: >"$SLOT_DIR/taken.$INDEX"
				return 0
			fi
		done
		pause 1
	done
}

release_slot() {
	[ -z "$SLOT" ] || rmdir "$SLOT_DIR/$SLOT"
	SLOT=""
}
