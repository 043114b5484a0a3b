#!/usr/bin/env bash
# docs/ci templates parse (YAML, groovyc) and run klarmeld with options that exist.
set -euo pipefail
"$PYTHON" "$KLARMELD_SOURCE/tests/tools/check_ci_templates.py" "$KLARMELD_SOURCE" "$KLARMELD_PREFIX/bin/klarmeld"
