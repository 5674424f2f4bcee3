"""`python -m benchmarks [--quick] [NAME[=SIZE] ...]`: print each figure beside its baseline."""

from __future__ import annotations

import argparse
import platform
import sys

from benchmarks import (
    exchange,
    importing,
    receipts,
    search,
    server,
    stalls,
    startup,
    summary,
    verify,
    window,
)

# Name -> (run, default size, --quick size, what the size counts).
BENCHMARKS = {
    "startup": (startup.run, 1_000_000, 5_000, "donations in the database opened"),
    "receipts": (receipts.run, 200, 20, "receipts saved and written"),
    "search": (search.run, 200_000, 5_000, "donors"),
    "summary": (summary.run, 1_000_000, 20_000, "donations"),
    "window": (window.run, 1_000_000, 20_000, "donations"),
    "stalls": (stalls.run, 100_000, 5_000, "donations backed up, checked and merged"),
    "import": (importing.run, 100_000, 5_000, "rows in the CSV"),
    "exchange": (exchange.run, 100_000, 5_000, "donations in the package"),
    "verify": (verify.run, 1_000_000, 5_000, "donations in the database checked"),
    "server": (server.run, 1_000_000, 20_000, "donations (run only when named)"),
}
NAMED_ONLY = {"server"}  # needs a PostgreSQL server (CHARITY_BENCH_POSTGRES)


def chosen(words: list[str], quick: bool) -> list[tuple[str, int]]:
    """(name, size) for each NAME or NAME=SIZE; every benchmark when none is named."""
    picked = []
    for word in words or [name for name in BENCHMARKS if name not in NAMED_ONLY]:
        name, _, size = word.partition("=")
        if name not in BENCHMARKS:
            raise ValueError(f"unknown benchmark: {name}")
        if size and not (size.isdigit() and int(size) > 0):
            raise ValueError(f"the size of {name} must be a positive whole number")
        _, full, small, _ = BENCHMARKS[name]
        picked.append((name, int(size) if size else small if quick else full))
    return picked


def main() -> int:
    sizes = "; ".join(f"{name}: {what}" for name, (*_, what) in BENCHMARKS.items())
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        epilog=f"SIZE counts, per benchmark: {sizes}.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME[=SIZE]",
        help=f"which to run: {', '.join(BENCHMARKS)} (default: all but server, at their default sizes)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for the test suite")
    args = parser.parse_args()
    try:
        runs = chosen(args.names, args.quick)
    except ValueError as problem:
        parser.error(str(problem))
    print(
        f"# {platform.python_implementation()} {platform.python_version()} on {platform.machine()}, {platform.system()}"
    )
    for name, size in runs:
        print(BENCHMARKS[name][0](size), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
