#!/bin/sh
# Builds (once) a Debian bookworm chroot holding strongSwan's charon and swanctl, for test/syntax/strongswan.test.ts.
#
# Why a chroot: the host runs Libreswan, and Debian's libreswan package conflicts with strongSwan's packages, so both
# cannot be installed side by side. The chroot is a `debootstrap --variant=minbase` tree with only strongSwan in it.
#
# Idempotent and cached: when the chroot is complete (its stamp file exists) this exits at once. It is built in a
# temporary directory and renamed into place only when complete, so an interrupted run never leaves a half-built
# chroot that later runs would mistake for a good one.
#
# Usage (root): test/syntax/setup-strongswan-chroot.sh
# Environment: TUNNELSMITH_STRONGSWAN_CHROOT overrides the location (default /var/cache/tunnelsmith/strongswan-chroot).
# Needs: debootstrap (installed with apt-get when missing) and access to the Debian mirror.
set -eu

CHROOT=${TUNNELSMITH_STRONGSWAN_CHROOT:-/var/cache/tunnelsmith/strongswan-chroot}
STAMP="$CHROOT/.tunnelsmith-strongswan-ready"
PACKAGES="strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins libstrongswan-standard-plugins"
SUITE=bookworm

if [ -f "$STAMP" ]; then
	echo "setup-strongswan-chroot: $CHROOT is ready"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "setup-strongswan-chroot: must run as root (debootstrap and chroot need it)" >&2
	exit 1
fi

if ! command -v debootstrap >/dev/null 2>&1; then
	apt-get install -y --no-install-recommends debootstrap
fi

# Use the same Debian mirror as the host (deb822 sources first, then the classic sources.list).
MIRROR=""
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
	MIRROR=$(awk '$1 == "URIs:" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$MIRROR" ] && [ -r /etc/apt/sources.list ]; then
	MIRROR=$(awk '$1 == "deb" && $3 == "'"$SUITE"'" { print $2; exit }' /etc/apt/sources.list)
fi
MIRROR=${MIRROR:-http://deb.debian.org/debian}

BUILD="$CHROOT.partial"
# A previous run may have been interrupted: start that build again from scratch. --one-file-system keeps rm from
# ever descending into a mount (nothing is mounted there by this script, but be safe).
rm -rf --one-file-system "$BUILD"
mkdir -p "$(dirname "$CHROOT")"

echo "setup-strongswan-chroot: debootstrap $SUITE from $MIRROR into $BUILD"
debootstrap --variant=minbase "$SUITE" "$BUILD" "$MIRROR"

# Package scripts must not try to start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$BUILD/usr/sbin/policy-rc.d"
chmod 0755 "$BUILD/usr/sbin/policy-rc.d"

# shellcheck disable=SC2086 # $PACKAGES is a list of words on purpose
chroot "$BUILD" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends $PACKAGES
chroot "$BUILD" apt-get clean

# Directories the load test mounts over (a private mount namespace), so it never writes into the cached tree.
mkdir -p "$BUILD/mnt/tunnelsmith" "$BUILD/run"

test -x "$BUILD/usr/lib/ipsec/charon"
test -x "$BUILD/usr/sbin/swanctl"
chroot "$BUILD" dpkg-query -W -f '${Package} ${Version}\n' strongswan-charon strongswan-swanctl >"$BUILD/.tunnelsmith-strongswan-ready"

rm -rf --one-file-system "$CHROOT"
mv "$BUILD" "$CHROOT"
echo "setup-strongswan-chroot: $CHROOT is ready ($(tr '\n' ' ' <"$STAMP"))"
