#!/bin/bash
# `npm run test:interop`: proves that rendered CPE configurations bring real tunnels and BGP sessions up against an
# emulated OCI headend (see test/interop/README.md).
#
#  1. installs the Debian packages it needs (once), builds the CLI, prepares the strongSwan chroot and the guest
#     kernel + initramfs (cached under /var/cache/tunnelsmith, reused by later runs);
#  2. per scenario of scenarios.tsv: renders the snapshot with the product's CLI exactly as a user would, and
#     generates the OCI headend emulation from the same snapshot with test/interop/headend (independent code);
#  3. boots one QEMU (TCG) guest that runs every scenario at once, each in its own network namespaces;
#  4. prints a results table and exits non-zero when any scenario failed, with the reasons.
#
# Must run as root. Environment: INTEROP_ONLY=REGEX runs the matching scenarios only; INTEROP_KEEP=1 keeps the run
# directory (logs, rendered files) even when everything passed; INTEROP_VERBOSE=1 shows the guest's progress;
# INTEROP_SLOTS (scenarios starting at once, default 3) and INTEROP_{TUNNEL,BGP,PING,FAILOVER}_DEADLINE (seconds)
# tune the guest (defaults in guest/scenario.sh).
# Nothing is left behind on the host except the cache and, after a failure, the run directory with the logs: every
# namespace, daemon and mount exists only inside the guest, which has no network device.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${TUNNELSMITH_INTEROP_CACHE:-/var/cache/tunnelsmith/interop}
GUEST_TIMEOUT=${INTEROP_GUEST_TIMEOUT:-900}
cd "$ROOT"

if [ "$(id -u)" -ne 0 ]; then
	echo "interop: must run as root (packages, chroot, QEMU)" >&2
	exit 2
fi
case "$ROOT$CACHE" in
*[!A-Za-z0-9/_.-]*)
	echo "interop: paths must be plain ($ROOT, $CACHE): they go on the guest's kernel command line" >&2
	exit 2
	;;
esac

started=$(date +%s)
step() { echo "interop: [$(($(date +%s) - started)) s] $*"; }

step "preparing"
bash "$HERE/lib/install-packages.sh"
node scripts/build.mjs
sh test/syntax/setup-strongswan-chroot.sh
bash "$HERE/lib/prepare-guest.sh" "$CACHE"
# shellcheck source=/dev/null
. "$CACHE/guest.env"

RUN=$(mktemp -d /var/tmp/tunnelsmith-interop.XXXXXX)
chmod 0755 "$RUN"
QEMU_PID=""
cleanup() {
	local rc=$?
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		wait "$QEMU_PID" 2>/dev/null || true
	fi
	if [ "$rc" -eq 0 ] && [ "${INTEROP_KEEP:-0}" != 1 ]; then
		rm -rf --one-file-system "$RUN"
	else
		echo "interop: logs and rendered files kept in $RUN"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

node_modules/.bin/esbuild "$HERE/headend/generate.ts" --bundle --platform=node --format=esm --log-level=warning \
	--outfile="$RUN/headend.mjs"
registered=$(node dist/cli.mjs vendors)

# --- 2. render and generate ------------------------------------------------------------------------------
mkdir -p "$RUN/scenarios" "$RUN/out"
: >"$RUN/scenarios.list"
declare -a NAMES=() VENDORS=() PRE_FAIL=()
# Guest index of the next queued scenario: its namespaces are s<index>-…, and the guest starts them in this order.
index=1
while IFS=$'\t' read -r name vendor snapshot expect options; do
	case "$name" in '' | '#'*) continue ;; esac
	if [ -n "${INTEROP_ONLY:-}" ] && ! [[ $name =~ $INTEROP_ONLY ]]; then continue; fi
	NAMES+=("$name")
	VENDORS+=("$vendor")
	dir="$RUN/scenarios/$name"
	mkdir -p "$dir"
	reason=""
	if ! grep -Eq "^[[:space:]]*$vendor([[:space:]]|$)" <<<"$registered"; then
		reason="vendor $vendor is not registered in this build (node dist/cli.mjs vendors)"
	elif ! node dist/cli.mjs render --snapshot "$snapshot" --vendor "$vendor" --out "$dir/cpe" >"$dir/render.txt" 2>&1; then
		reason="render failed: $(tr '\n' ' ' <"$dir/render.txt")"
	else
		headend_args=(--snapshot "$snapshot" --out "$dir/headend" --chroot-dir "/tunnelsmith/s$index-oci")
		# linux-gre has no IPsec headend: its far end is the mirror-image GRE gateway.
		[ "$vendor" != linux-gre ] || headend_args=(--snapshot "$snapshot" --out "$dir/headend" --gre)
		# shellcheck disable=SC2206 # options is a list of words on purpose
		[ "$options" = "-" ] || headend_args+=($options)
		if ! node "$RUN/headend.mjs" "${headend_args[@]}" >"$dir/headend.txt" 2>&1; then
			reason="headend generation failed: $(tr '\n' ' ' <"$dir/headend.txt")"
		fi
	fi
	PRE_FAIL+=("$reason")
	printf 'NAME=%q\nVENDOR=%q\nEXPECT=%q\n' "$name" "$vendor" "$expect" >"$dir/meta.env"
	if [ -z "$reason" ]; then
		echo "$index $name" >>"$RUN/scenarios.list"
		index=$((index + 1))
	fi
done <"$HERE/scenarios.tsv"

if [ "${#NAMES[@]}" -eq 0 ]; then
	echo "interop: no scenario matches INTEROP_ONLY=${INTEROP_ONLY:-}" >&2
	exit 2
fi

# --- 3. one guest for all scenarios ----------------------------------------------------------------------
if [ -s "$RUN/scenarios.list" ]; then
	step "booting the guest ($(wc -l <"$RUN/scenarios.list") scenarios, kernel $KVER, limit $GUEST_TIMEOUT s)"
	append="console=ttyS0 panic=-1 quiet loglevel=3 ts_init=$HERE/guest/init.sh ts_run=$RUN ts_kver=$KVER ts_kroot=$KROOT"
	# Tuning knobs reach the guest's scripts as kernel parameters (the kernel hands NAME=value on to init's environment).
	for knob in INTEROP_VERBOSE INTEROP_PROFILE INTEROP_SLOTS INTEROP_TUNNEL_DEADLINE INTEROP_BGP_DEADLINE INTEROP_PING_DEADLINE \
		INTEROP_FAILOVER_DEADLINE; do
		value=${!knob:-}
		[ -z "$value" ] && continue
		[[ $value =~ ^[0-9]{1,4}$ ]] || { echo "interop: $knob must be a number" >&2; exit 2; }
		append="$append $knob=$value"
	done
	# -nic none: the guest has no network device, so nothing it does can leave it.
	timeout -k 10 "$GUEST_TIMEOUT" qemu-system-x86_64 -machine q35 -accel tcg,thread=multi -cpu max -smp 2 -m 3072 \
		-display none -monitor none -serial "file:$RUN/console.log" -no-reboot -nic none \
		-kernel "$KERNEL" -initrd "$INITRD" -append "$append" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$RUN/out,mount_tag=out,security_model=none,multidevs=remap" \
		>"$RUN/qemu.log" 2>&1 &
	QEMU_PID=$!
	touch "$RUN/console.log"
	# Progress lines from the guest's console; in the background so that `wait` below stays interruptible (a
	# signal then runs the cleanup trap at once instead of after the guest has finished).
	{ tail -n +1 --pid="$QEMU_PID" -f "$RUN/console.log" | grep --line-buffered -E '^(interop-|[0-9:]+ \[)' || true; } &
	qemu_rc=0
	wait "$QEMU_PID" || qemu_rc=$?
	QEMU_PID=""
	wait
	if [ ! -f "$RUN/out/guest-status" ]; then
		echo "interop: the guest ended without finishing (qemu exit $qemu_rc); last console lines:" >&2
		tail -n 20 "$RUN/console.log" >&2
		cat "$RUN/qemu.log" >&2
	fi
fi

# --- 4. results ------------------------------------------------------------------------------------------
step "results"
passed=0
failed=0
fmt="%-32s %-11s %-10s %-10s %-5s %-9s %s\n"
# shellcheck disable=SC2059 # the format is the table layout
printf "$fmt" scenario vendor "tunnel up" "BGP up" ping failover result
report=""
for i in "${!NAMES[@]}"; do
	name=${NAMES[$i]}
	RESULT="FAIL" TUNNEL_UP="-" BGP_UP="-" PING="-" FAILOVER="-"
	failures=""
	if [ -n "${PRE_FAIL[$i]}" ]; then
		failures=${PRE_FAIL[$i]}
	elif [ -f "$RUN/out/$name/result.env" ]; then
		# shellcheck source=/dev/null
		. "$RUN/out/$name/result.env"
		failures=$(cat "$RUN/out/$name/failures.txt" 2>/dev/null || true)
	else
		failures="no result from the guest (see $RUN/console.log)"
	fi
	secs() { case "$1" in [0-9]*) echo "$1 s" ;; *) echo "$1" ;; esac; }
	# shellcheck disable=SC2059
	printf "$fmt" "$name" "${VENDORS[$i]}" "$(secs "$TUNNEL_UP")" "$(secs "$BGP_UP")" "$PING" "$(secs "$FAILOVER")" "$RESULT"
	if [[ $RESULT == PASS* ]]; then
		passed=$((passed + 1))
		if [ -n "$failures" ] && [[ $RESULT != "PASS" ]]; then report+="$name (expected):"$'\n'"  $failures"$'\n'; fi
	else
		failed=$((failed + 1))
		report+="$name:"$'\n'"$(sed 's/^/  /' <<<"$failures")"$'\n'
		[ -d "$RUN/out/$name" ] && report+="  logs: $RUN/out/$name"$'\n'
	fi
done
if [ -n "$report" ]; then
	echo
	printf '%s' "$report"
fi
echo
step "done"
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
