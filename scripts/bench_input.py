"""What the Python baselines of `khabar bench` share: reading the documents
file the Rust side writes, and failing with a clear message."""

import codecs
import sys


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def read_lines(path, what):
    """Read a UTF-8 file and split it into lines like Rust's str::lines;
    `what` names the file in messages ("corpus file")."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        fail(f"cannot read {what} {path!r}: {exc.strerror or exc}")
    # A file cut with `head -c` may end inside a multi-byte character: that
    # incomplete tail is dropped with a warning; any other invalid byte is an
    # error.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError as exc:
        fail(f"{what} {path!r} is not valid UTF-8: {exc}")
    tail = decoder.getstate()[0]
    if tail:
        print(
            f"warning: dropped {len(tail)} byte(s) of a truncated UTF-8 "
            f"character at the end of {path!r}",
            file=sys.stderr,
        )
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
