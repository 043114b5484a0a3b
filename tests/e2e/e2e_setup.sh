# Sourced first by the e2e tests that run the installed binaries: sets $klarmeld and $fixture (the
# installed klarmeld and klarmeld-fixture), makes a fresh, empty $work (KLARMELD_E2E_WORK) the current
# folder, and clears KLARMELD_CRITERIA so the installed catalog is used, as a user's would be.
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
fixture="$KLARMELD_PREFIX/bin/klarmeld-fixture"
work="$KLARMELD_E2E_WORK"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
unset KLARMELD_CRITERIA

# A fresh random secret for this run (test key passwords): PREFIX then BYTES (default 8) random bytes
# in hex, so a scan of the outputs can look for exactly this value.
random_secret() { echo "$1$(od -An -N"${2:-8}" -tx1 /dev/urandom | tr -d ' \n')"; }
