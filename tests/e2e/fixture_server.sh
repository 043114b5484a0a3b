# Sourced by e2e tests: `start_fixture SCENARIO PKI_DIR [with-beskedfordeler]` starts `klarmeld-fixture
# serve` with the installed scenario SCENARIO, stops it when the test exits (or on `stop_fixture`), and
# returns once it has written PKI_DIR/profile-SCENARIO.yaml. Needs $fixture (the klarmeld-fixture binary).
# The simulated Beskedfordeler (a rabbitmq-server: seconds of CPU to boot, and every check's SF1460
# probes) is started only for a test that asks for it; the others get profiles without SF1460.
stop_fixture() {
  [ -z "${fixture_pid:-}" ] || { kill "$fixture_pid" 2>/dev/null || true; wait "$fixture_pid" 2>/dev/null || true; }
  fixture_pid=""
}

start_fixture() {
  local scenario=$1 pki=$2 bfo=(--no-beskedfordeler)
  [ "${3:-}" != with-beskedfordeler ] || bfo=()
  "$fixture" serve --scenario "$KLARMELD_PREFIX/share/klarmeld/scenarios/$scenario.yaml" --pki-out "$pki" \
    "${bfo[@]}" >fixture.stdout 2>fixture.stderr &
  fixture_pid=$!
  trap stop_fixture EXIT
  for _ in $(seq 1 600); do
    [ -s "$pki/profile-$scenario.yaml" ] && return 0
    kill -0 "$fixture_pid" 2>/dev/null || { echo "klarmeld-fixture ended early"; cat fixture.stderr; exit 1; }
    sleep 0.1
  done
  echo "klarmeld-fixture wrote no profile"
  exit 1
}

# `serve_scenarios PKI_DIR SERVE_ARGUMENTS…` starts `klarmeld-fixture serve SERVE_ARGUMENTS --pki-out PKI_DIR`
# (several --scenario, --no-beskedfordeler …) with its output in fixture.stdout and fixture.stderr,
# stops it when the test exits (or on `stop_fixture`), and returns once it is ready.
serve_scenarios() {
  local pki=$1
  shift
  "$fixture" serve "$@" --pki-out "$pki" >fixture.stdout 2>fixture.stderr &
  fixture_pid=$!
  trap stop_fixture EXIT
  for _ in $(seq 1 1200); do
    grep -q "^ready:" fixture.stdout 2>/dev/null && return 0
    kill -0 "$fixture_pid" 2>/dev/null || { echo "klarmeld-fixture ended early"; cat fixture.stderr; exit 1; }
    sleep 0.1
  done
  echo "klarmeld-fixture was not ready"; cat fixture.stderr; exit 1
}
