#!/usr/bin/env bash
# The Debian package: build it with CPack, unpack it into a throwaway root (dpkg -x), and run the
# packaged binary from there against the packaged catalog.
set -euo pipefail
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work"
build="$KLARMELD_BUILD"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >cpack.log 2>&1) || {
  cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/pkg/klarmeld_*_amd64.deb)
echo "built $(basename "$deb")"
dpkg-deb --info "$deb" | grep -E "Depends:" | tee "$work/depends.txt"
for library in libcurl libxmlsec1 libyaml-cpp libxlsxwriter libzip librabbitmq4 libmimalloc; do
  grep -q "$library" "$work/depends.txt" || { echo "Depends lacks $library"; exit 1; }
done
# The demo's simulated Beskedfordeler uses rabbitmq-server when it is there.
dpkg-deb --field "$deb" Suggests | grep -q "rabbitmq-server" || { echo "Suggests lacks rabbitmq-server"; exit 1; }
root="$work/root"
dpkg -x "$deb" "$root"
for f in usr/bin/klarmeld usr/bin/klarmeld-fixture usr/share/klarmeld/criteria/catalog.yaml \
         usr/share/klarmeld/criteria/SF1500.yaml usr/share/man/man1/klarmeld.1 \
         usr/share/bash-completion/completions/klarmeld usr/share/klarmeld/scenarios/conforming.yaml; do
  [ -e "$root/$f" ] || { echo "package lacks /$f"; exit 1; }
done
unset KLARMELD_CRITERIA
cd "$work"
"$root/usr/bin/klarmeld" --version | tee version.txt
grep -qE "catalog sha256: [0-9a-f]{64}" version.txt || { echo "--version does not name the catalog hash"; exit 1; }
"$root/usr/bin/klarmeld" criteria list | tee list.txt | head -5
grep -q "SF1500" list.txt || { echo "criteria list from the package lacks SF1500"; exit 1; }
grep -q "^.SH EXIT STATUS" "$root/usr/share/man/man1/klarmeld.1" || { echo "man page lacks EXIT STATUS"; exit 1; }
echo "deb_package: ok"
