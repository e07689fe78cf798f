#!/usr/bin/env python3
"""Baseline benchmark: near-duplicate detection with datasketch's MinHash+LSH.

Usage:
    python datasketch_bench.py DOCS_FILE --shingle K [--num-perm P]
        --bands B --rows R --duplicate J --derived C

Run it with the python of the venv made by scripts/setup-datasketch.sh
(its last output line is that python's path).

DOCS_FILE is UTF-8 with one document per line, its words already normalized
and separated by single spaces: nothing is normalized here.  Lines are split
the way Rust's str::lines does (on "\\n", one trailing "\\r" removed, no empty
last line after a final newline); the 0-based line number is the document
key, and every line counts as a document.  Words are split on single spaces.

The shingles of a document are the set of its K consecutive words joined by
a single space, as UTF-8 bytes; a document with fewer than K words has the
single shingle of all its words, and an empty line has no shingles and is
left out of the LSH index.

Each document's MinHash (P permutations, datasketch's default hash function
and permutation scheme, seed 1) is built with MinHash.update_batch on a copy
of one prototype MinHash, so the permutations are drawn once (this is what
MinHash.bulk does).  The LSH index is MinHashLSH(num_perm=P, params=(B, R));
datasketch ignores `threshold` when `params` is given, but one consistent
with B and R, (1/B)**(1/R), is passed anyway.  Every document is inserted,
then every document is queried, and the candidate pairs (i < j) are
collected.  Each candidate pair is checked exactly on its shingle sets A, B:
it is a "duplicate" if |A∩B|/|A∪B| >= J, else "derived" if
max(|A∩B|/|A|, |A∩B|/|B|) >= C.

Phases are timed with time.perf_counter: reading+shingling ("shingles"),
"minhash", "lsh" (insert+query) and "check"; "total" runs from the start of
reading to the end of the check (interpreter start-up and imports excluded).
Peak RSS is the process's maximum resident set size, from
resource.getrusage, in MiB.

Prints one JSON line to stdout:
    {"tool": "datasketch", "version": ..., "documents": N, "shingle": K,
     "num_perm": P, "bands": B, "rows": R,
     "seconds": {"shingles": .., "minhash": .., "lsh": .., "check": ..,
                 "total": ..},
     "documents_per_second": N/total, "candidate_pairs": ..,
     "duplicate_pairs": .., "derived_pairs": .., "peak_rss_mib": ..}
Errors go to stderr, with exit code 1.
"""

import argparse
import importlib.metadata
import json
import resource
import sys
import time

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


def _fraction(value):
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}")
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value!r}")
    return number


def load_datasketch():
    """Return (MinHash, MinHashLSH, version), or exit with a clear message."""
    try:
        version = importlib.metadata.version("datasketch")
        from datasketch import MinHash, MinHashLSH
    except (importlib.metadata.PackageNotFoundError, ImportError) as exc:
        fail(
            f"datasketch is not importable for {sys.executable} ({exc}); run "
            "scripts/setup-datasketch.sh and use the python it prints"
        )
    return MinHash, MinHashLSH, version


def shingle_set(line, k):
    """The set of k-word shingles of a line, as UTF-8 bytes.

    Splitting and joining the UTF-8 bytes on b" " gives the same bytes as
    encoding the joined words, since a space is one byte in UTF-8.
    """
    if not line:
        return set()
    words = line.encode("utf-8").split(b" ")
    if len(words) <= k:
        return {b" ".join(words)}
    return {b" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def peak_rss_mib():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    if sys.platform == "darwin":
        return peak / (1024 * 1024)
    return peak / 1024


def main(argv=None):
    parser = _Parser(
        description="Find near-duplicate documents with datasketch's "
        "MinHash+LSH and check the candidate pairs exactly."
    )
    parser.add_argument(
        "docs", metavar="DOCS_FILE", help="UTF-8 file, one document per line"
    )
    parser.add_argument(
        "--shingle", type=_positive_int, required=True, metavar="K",
        help="words per shingle",
    )
    parser.add_argument(
        "--num-perm", type=_positive_int, default=128, metavar="P",
        help="MinHash permutations (default: 128)",
    )
    parser.add_argument(
        "--bands", type=_positive_int, required=True, metavar="B",
        help="LSH bands (at least 2)",
    )
    parser.add_argument(
        "--rows", type=_positive_int, required=True, metavar="R",
        help="LSH rows per band (B*R <= P)",
    )
    parser.add_argument(
        "--duplicate", type=_fraction, required=True, metavar="J",
        help="Jaccard similarity from which a pair is a duplicate",
    )
    parser.add_argument(
        "--derived", type=_fraction, required=True, metavar="C",
        help="containment from which a non-duplicate pair is derived",
    )
    args = parser.parse_args(argv)
    k, num_perm, bands, rows = args.shingle, args.num_perm, args.bands, args.rows
    if bands < 2:
        parser.error("--bands must be at least 2 (datasketch's MinHashLSH requires it)")
    if bands * rows > num_perm:
        parser.error(f"--bands * --rows ({bands * rows}) exceeds --num-perm ({num_perm})")

    MinHash, MinHashLSH, version = load_datasketch()

    start = time.perf_counter()

    lines = read_lines(args.docs, "documents file")
    shingles = [shingle_set(line, k) for line in lines]
    after_shingles = time.perf_counter()

    prototype = MinHash(num_perm=num_perm, seed=1)
    minhashes = []
    for shingle_set_ in shingles:
        if shingle_set_:
            minhash = prototype.copy()
            minhash.update_batch(shingle_set_)
        else:
            minhash = None
        minhashes.append(minhash)
    after_minhash = time.perf_counter()

    try:
        lsh = MinHashLSH(
            threshold=(1.0 / bands) ** (1.0 / rows),
            num_perm=num_perm,
            params=(bands, rows),
        )
    except ValueError as exc:
        fail(f"datasketch rejected the LSH parameters: {exc}")
    for key, minhash in enumerate(minhashes):
        if minhash is not None:
            lsh.insert(key, minhash)
    candidates = set()
    for key, minhash in enumerate(minhashes):
        if minhash is None:
            continue
        for other in lsh.query(minhash):
            if other > key:
                candidates.add((key, other))
    after_lsh = time.perf_counter()

    duplicate_pairs = 0
    derived_pairs = 0
    for i, j in candidates:
        a, b = shingles[i], shingles[j]
        common = len(a & b)
        jaccard = common / (len(a) + len(b) - common)
        if jaccard >= args.duplicate:
            duplicate_pairs += 1
        elif common / min(len(a), len(b)) >= args.derived:
            derived_pairs += 1
    end = time.perf_counter()

    total = end - start
    documents = len(lines)
    print(
        json.dumps(
            {
                "tool": "datasketch",
                "version": version,
                "documents": documents,
                "shingle": k,
                "num_perm": num_perm,
                "bands": bands,
                "rows": rows,
                "seconds": {
                    "shingles": after_shingles - start,
                    "minhash": after_minhash - after_shingles,
                    "lsh": after_lsh - after_minhash,
                    "check": end - after_lsh,
                    "total": total,
                },
                "documents_per_second": documents / total if total > 0 else None,
                "candidate_pairs": len(candidates),
                "duplicate_pairs": duplicate_pairs,
                "derived_pairs": derived_pairs,
                "peak_rss_mib": peak_rss_mib(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
