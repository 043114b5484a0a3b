# Sourced by the Beskedfordeler e2e scripts, after `set -euo pipefail`: the common e2e set-up, a
# private TMPDIR for the brokers' folders (checked for leftovers at the end with `leftovers`), the
# installed scenarios folder as $scenarios, and the fixture-server helpers (start_fixture,
# serve_scenarios, stop_fixture).
source "$KLARMELD_SOURCE/tests/e2e/e2e_setup.sh"
mkdir -p tmp
export TMPDIR="$work/tmp" # the brokers' folders, and so every path their processes carry, live here
scenarios="$KLARMELD_PREFIX/share/klarmeld/scenarios"
source "$KLARMELD_SOURCE/tests/e2e/broker_leftovers.sh"
source "$KLARMELD_SOURCE/tests/e2e/fixture_server.sh"
