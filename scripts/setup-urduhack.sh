#!/usr/bin/env bash
# Create a Python virtual environment with urduhack installed, for the
# urduhack normalizer baseline (scripts/urduhack_normalize_bench.py).
#
# urduhack is installed with --no-deps: its declared dependencies pull in
# TensorFlow, which is not needed for (and breaks) the text normalizer.
# Only `regex` is needed by urduhack's normalization code.
#
# Usage: scripts/setup-urduhack.sh
#   URDUHACK_VENV  venv location (default: target/urduhack-venv, relative
#                  to the repo root)
# The last line printed is the path of the venv's python.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$script_dir/.."

venv="${URDUHACK_VENV:-target/urduhack-venv}"
py="$venv/bin/python"

# Succeeds if urduhack's normalization module can be imported the way the
# bench script does it: without executing urduhack/__init__.py (which
# imports TensorFlow).
check_importable() {
    "$py" - <<'PY' >/dev/null 2>&1
import importlib.metadata, importlib.util, sys, types
importlib.metadata.version("urduhack")
import regex  # noqa: F401
spec = importlib.util.find_spec("urduhack")
if spec is None or not spec.submodule_search_locations:
    sys.exit(1)
pkg = types.ModuleType("urduhack")
pkg.__path__ = list(spec.submodule_search_locations)
sys.modules["urduhack"] = pkg
from urduhack.normalization import normalize  # noqa: F401
PY
}

if [ ! -x "$py" ]; then
    echo "creating virtual environment at $venv" >&2
    python3 -m venv "$venv"
fi

if check_importable; then
    echo "urduhack already installed in $venv" >&2
else
    echo "installing urduhack into $venv" >&2
    # pip output goes to stderr so stdout carries only the python path.
    "$py" -m pip install --no-deps urduhack regex >&2
    if ! check_importable; then
        echo "error: urduhack.normalization still not importable from $py" >&2
        exit 1
    fi
fi

# Absolute path to the venv's python (without resolving its symlink).
echo "$(cd "$(dirname "$py")" && pwd)/$(basename "$py")"
