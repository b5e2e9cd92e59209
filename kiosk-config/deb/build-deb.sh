#!/bin/sh
# build-deb.sh ROOT VERSION OUTDIR — turn an installed tree (make install
# DESTDIR=ROOT PREFIX=/usr, ROOT=.../debian/adm-kiosk as dpkg-shlibdeps wants) into OUTDIR/adm-kiosk_VERSION_ARCH.deb with
# Debian's own tools: dpkg-shlibdeps for the shared libraries, the run-time
# list (kiosk-config/packages-runtime) for the rest, dpkg-deb to pack.
set -eu
root=$(cd "$1" && pwd) version=$2 outdir=$3
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
deb="$outdir/adm-kiosk_${version}_${arch}.deb"
doc="$root/usr/share/doc/adm-kiosk"

# Strip as dh_strip does (the debug symbols stay in the build tree).
for b in "$root/usr/bin/adm-kiosk" "$root/usr/bin/adm-kioskctl"; do
	strip --remove-section=.comment --remove-section=.note --strip-unneeded "$b"
done
install -d -m 755 "$doc"
install -m 644 "$here/copyright" "$doc/copyright"
gzip -9n <"$here/changelog" >"$doc/changelog.gz"
chmod 644 "$doc/changelog.gz"

# dpkg-shlibdeps reads debian/control from the directory it runs in and
# takes the directory holding DEBIAN/ as the package's root.
install -d -m 755 "$root/DEBIAN"
# (reads debian/control from the directory it runs in.
work=$(dirname "$(dirname "$root")")
[ "$root" = "$work/debian/adm-kiosk" ] || { echo "build-deb.sh: ROOT must end in debian/adm-kiosk" >&2; exit 1; }
printf 'Source: adm-kiosk\n\nPackage: adm-kiosk\nArchitecture: any\n' >"$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O debian/adm-kiosk/usr/bin/adm-kiosk debian/adm-kiosk/usr/bin/adm-kioskctl |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb.sh: dpkg-shlibdeps found nothing" >&2; exit 1; }
runtime=$(grep -v '^[[:space:]]*#' "$here/../packages-runtime" | grep . | paste -sd, - | sed 's/,/, /g')
depends="$shlibs, $runtime"

for s in postinst prerm postrm; do
	install -m 755 "$here/$s" "$root/DEBIAN/$s"
done
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$depends/" "$here/control.in" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
	xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
mkdir -p "$outdir"
rm -f "$outdir"/adm-kiosk_*_"$arch".deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
