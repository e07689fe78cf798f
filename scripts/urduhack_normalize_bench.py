#!/usr/bin/env python3
"""Baseline benchmark: throughput of urduhack's text normalizer.

Usage:
    python urduhack_normalize_bench.py CORPUS_FILE [--repeat N]

Run it with the python of the venv made by scripts/setup-urduhack.sh
(its last output line is that python's path).

The UTF-8 corpus is read fully and split into lines (documents) the way
Rust's str::lines does: on "\\n", with one trailing "\\r" removed from each
line and no empty last line after a final newline.  The time is that of
calling urduhack's ``normalize(line)`` on every line, measured with
time.perf_counter; the best of N repeats is reported.  "bytes" is the
number of UTF-8 bytes handed to normalize (line terminators excluded).
An incomplete UTF-8 character at the very end of the file (as left by
`head -c`) is dropped with a warning; other invalid UTF-8 is an error.

Prints one JSON line to stdout:
    {"tool": "urduhack", "version": ..., "bytes": ..., "seconds": ...,
     "mb_per_s": ...}
Errors go to stderr, with exit code 1.

urduhack's package __init__ imports its neural models (TensorFlow), which
is not installed (setup uses --no-deps) and not needed: the normalization
modules are loaded through a stub "urduhack" package module whose __path__
points at the real package directory, so urduhack/__init__.py never runs.
"""

import argparse
import importlib
import importlib.metadata
import importlib.util
import json
import sys
import time
import types

from bench_input import fail, read_lines


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors exit with code 1, not 2."""

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(1)


def _positive_int(value):
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}")
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def load_urduhack_normalize():
    """Return (normalize, version) without executing urduhack/__init__.py."""
    try:
        version = importlib.metadata.version("urduhack")
    except importlib.metadata.PackageNotFoundError:
        fail(
            f"urduhack is not installed for {sys.executable}; run "
            "scripts/setup-urduhack.sh and use the python it prints"
        )

    if "urduhack" not in sys.modules:
        # find_spec on a top-level package only locates it; nothing runs.
        spec = importlib.util.find_spec("urduhack")
        if spec is None or not spec.submodule_search_locations:
            fail(f"cannot locate the urduhack package for {sys.executable}")
        stub = types.ModuleType("urduhack")
        stub.__path__ = list(spec.submodule_search_locations)
        stub.__spec__ = spec
        stub.__package__ = "urduhack"
        sys.modules["urduhack"] = stub

    try:
        module = importlib.import_module("urduhack.normalization")
    except ImportError as exc:
        fail(
            f"cannot import urduhack.normalization ({exc}); run "
            "scripts/setup-urduhack.sh"
        )
    return module.normalize, version


def main(argv=None):
    parser = _Parser(
        description="Time urduhack's normalize() over a UTF-8 corpus, per line."
    )
    parser.add_argument("corpus", metavar="CORPUS_FILE", help="UTF-8 text file")
    parser.add_argument(
        "--repeat",
        type=_positive_int,
        default=1,
        metavar="N",
        help="number of timed runs; the best is reported (default: 1)",
    )
    args = parser.parse_args(argv)

    normalize, version = load_urduhack_normalize()
    lines = read_lines(args.corpus, "corpus file")
    total_bytes = sum(len(line.encode("utf-8")) for line in lines)

    best = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        for line in lines:
            normalize(line)
        elapsed = time.perf_counter() - start
        if best is None or elapsed < best:
            best = elapsed

    if total_bytes == 0:
        mb_per_s = 0.0
    elif best > 0:
        mb_per_s = total_bytes / 1e6 / best
    else:
        mb_per_s = None
    print(
        json.dumps(
            {
                "tool": "urduhack",
                "version": version,
                "bytes": total_bytes,
                "seconds": best,
                "mb_per_s": mb_per_s,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
