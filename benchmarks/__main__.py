"""`python -m benchmarks [--quick] [NAME ...]`: print each figure beside its baseline."""

from __future__ import annotations

import argparse
import platform
import sys

from benchmarks import exchange, importing, receipts, search, startup, summary, window

BENCHMARKS = {
    "startup": (startup.run, 1_000_000, 5_000),
    "receipts": (receipts.run, 200, 20),
    "search": (search.run, 200_000, 5_000),
    "summary": (summary.run, 1_000_000, 20_000),
    "window": (window.run, 1_000_000, 20_000),
    "import": (importing.run, 100_000, 5_000),
    "exchange": (exchange.run, 100_000, 5_000),
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument(
        "names", nargs="*", help=f"which to run: {', '.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for the test suite")
    args = parser.parse_args()
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(sorted(unknown))}")
    print(
        f"# {platform.python_implementation()} {platform.python_version()} on {platform.machine()}, {platform.system()}"
    )
    for name in args.names or BENCHMARKS:
        run, full, quick = BENCHMARKS[name]
        print(run(quick if args.quick else full), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
