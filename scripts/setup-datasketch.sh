#!/usr/bin/env bash
# Create a Python virtual environment with datasketch installed, for the
# MinHash+LSH near-duplicate baseline (scripts/datasketch_bench.py).
#
# datasketch is pinned so that results are reproducible; pip brings in its
# dependencies, numpy and scipy (binary wheels, nothing is compiled).
#
# Usage: scripts/setup-datasketch.sh
#   DATASKETCH_VENV  venv location (default: target/datasketch-venv,
#                    relative to the repo root)
# The last line printed is the path of the venv's python.
set -euo pipefail

datasketch_version="2.0.0"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$script_dir/.."

venv="${DATASKETCH_VENV:-target/datasketch-venv}"
py="$venv/bin/python"

# Succeeds if the pinned datasketch is installed and the classes the bench
# script uses can be imported.
check_importable() {
    DATASKETCH_VERSION="$datasketch_version" "$py" - <<'PY' >/dev/null 2>&1
import importlib.metadata, os, sys
if importlib.metadata.version("datasketch") != os.environ["DATASKETCH_VERSION"]:
    sys.exit(1)
from datasketch import MinHash, MinHashLSH  # noqa: F401
PY
}

if [ ! -x "$py" ]; then
    echo "creating virtual environment at $venv" >&2
    python3 -m venv "$venv"
fi

if check_importable; then
    echo "datasketch $datasketch_version already installed in $venv" >&2
else
    echo "installing datasketch $datasketch_version into $venv" >&2
    # pip output goes to stderr so stdout carries only the python path.
    "$py" -m pip install "datasketch==$datasketch_version" >&2
    if ! check_importable; then
        echo "error: datasketch $datasketch_version still not importable from $py" >&2
        exit 1
    fi
fi

# Absolute path to the venv's python (without resolving its symlink).
echo "$(cd "$(dirname "$py")" && pwd)/$(basename "$py")"
