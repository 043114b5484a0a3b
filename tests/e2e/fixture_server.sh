# Sourced by e2e tests: `start_fixture SCENARIO PKI_DIR` starts `klarmeld-fixture serve` with the
# installed scenario SCENARIO, stops it when the test exits (or on `stop_fixture`), and returns once it
# has written PKI_DIR/profile-SCENARIO.yaml. Needs $fixture (the klarmeld-fixture binary).
stop_fixture() { kill "$fixture_pid" 2>/dev/null || true; wait "$fixture_pid" 2>/dev/null || true; }

start_fixture() {
  local scenario=$1 pki=$2
  "$fixture" serve --scenario "$KLARMELD_PREFIX/share/klarmeld/scenarios/$scenario.yaml" --pki-out "$pki" \
    >fixture.stdout 2>fixture.stderr &
  fixture_pid=$!
  trap stop_fixture EXIT
  for _ in $(seq 1 120); do
    [ -s "$pki/profile-$scenario.yaml" ] && return 0
    kill -0 "$fixture_pid" 2>/dev/null || { echo "klarmeld-fixture ended early"; cat fixture.stderr; exit 1; }
    sleep 0.5
  done
  echo "klarmeld-fixture wrote no profile"
  exit 1
}
