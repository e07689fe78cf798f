#!/usr/bin/env bash
# Builds the fuzz targets' seed corpora under target/fuzz-seeds/<target>/
# from the real files in ../shared/data and the VOA samples (see
# scripts/fuzz_seeds.py). Not committed: most of the texts are the outlets'.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=../shared/data
if [ ! -d "$shared" ]; then
  echo "error: $shared is missing: the fuzz seeds are built from it" >&2
  exit 1
fi
out=target/fuzz-seeds
rm -rf "$out"
mkdir -p "$out"
python3 scripts/fuzz_seeds.py "$shared" samples/voa "$out"
