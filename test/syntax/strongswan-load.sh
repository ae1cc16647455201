#!/bin/sh
# Loads every *.conf in CONF_DIR into a throwaway strongSwan charon and prints what swanctl says about each one.
# Used by test/syntax/strongswan.test.ts; the chroot comes from test/syntax/setup-strongswan-chroot.sh.
#
# Usage (root): strongswan-load.sh CHROOT CONF_DIR
# Environment: TUNNELSMITH_CHARON_SNIPPET, a strongswan.conf snippet charon must start with.
# Output, per file:  ===== NAME, the output of `swanctl --load-all`, then  ----- charon  and what charon logged
# while loading that file.
#
# Isolation: the script re-executes itself in new mount, network and PID namespaces. The network namespace has
# only a loopback interface, so the tunnels charon tries to start (start_action = start) cannot send a single
# packet anywhere. The chroot is bind-mounted read-only onto itself and /proc, /dev, /run and /tmp are mounted over
# it privately, so the cached chroot is never written to. When the script ends, the PID namespace ends with it:
# charon is killed and every mount and the namespace disappear, even if the caller was killed first.
set -eu

if [ "$#" -ne 2 ]; then
	echo "usage: $0 CHROOT CONF_DIR" >&2
	exit 2
fi
CHROOT=$1
CONF_DIR=$2

if [ "${TUNNELSMITH_STRONGSWAN_NS:-}" != "1" ]; then
	exec unshare --mount --net --pid --fork --kill-child --propagation private \
		env TUNNELSMITH_STRONGSWAN_NS=1 sh "$0" "$CHROOT" "$CONF_DIR"
fi

ip link set lo up

mount --bind "$CHROOT" "$CHROOT"
mount -o remount,bind,ro "$CHROOT"
mount -t proc proc "$CHROOT/proc"
mount --rbind /dev "$CHROOT/dev"
mount -t tmpfs -o mode=0755 tmpfs "$CHROOT/run"
mount -t tmpfs -o mode=1777 tmpfs "$CHROOT/tmp"

# The distribution's settings plus a log file, so a failure can be explained from charon's side too.
cat >"$CHROOT/run/strongswan.conf" <<'EOF'
charon {
	load_modular = yes
	plugins {
		include /etc/strongswan.d/charon/*.conf
	}
	filelog {
		charon-log {
			path = /run/charon.log
			flush_line = yes
			default = 1
			ike = 2
			cfg = 2
		}
	}
}
include /etc/strongswan.d/*.conf
EOF
# The rendered daemon settings (oci-vpn-charon.conf), as /etc/strongswan.d would include them: a syntax error
# there makes charon refuse to start.
if [ -n "${TUNNELSMITH_CHARON_SNIPPET:-}" ]; then
	cp "$TUNNELSMITH_CHARON_SNIPPET" "$CHROOT/run/oci-vpn-charon.conf"
	echo "include /run/oci-vpn-charon.conf" >>"$CHROOT/run/strongswan.conf"
fi
export STRONGSWAN_CONF=/run/strongswan.conf

chroot "$CHROOT" /usr/lib/ipsec/charon >/dev/null 2>&1 &
charon=$!

waited=0
until [ -S "$CHROOT/run/charon.vici" ]; do
	if [ "$waited" -ge 100 ] || ! kill -0 "$charon" 2>/dev/null; then
		echo "strongswan-load: charon did not open its VICI socket" >&2
		cat "$CHROOT/run/charon.log" >&2 || true
		exit 1
	fi
	sleep 0.1
	waited=$((waited + 1))
done

# Each file gets its own swanctl directory (with the empty credential folders swanctl scans), as if it were
# /etc/swanctl/swanctl.conf; --load-all then replaces whatever the previous file loaded. After swanctl's output
# comes what charon logged meanwhile: how it parsed each connection (proposals, if_id, lifetimes).
log="$CHROOT/run/charon.log"
for file in "$CONF_DIR"/*.conf; do
	name=$(basename "$file" .conf)
	dir="$CHROOT/tmp/$name"
	mkdir -p "$dir"
	for sub in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$dir/$sub"
	done
	cp "$file" "$dir/swanctl.conf"
	before=$(wc -c <"$log")
	echo "===== $name"
	chroot "$CHROOT" swanctl --load-all --noprompt --file "/tmp/$name/swanctl.conf" 2>&1 || true
	echo "----- charon"
	tail -c "+$((before + 1))" "$log"
done

kill "$charon" 2>/dev/null || true
wait "$charon" 2>/dev/null || true
