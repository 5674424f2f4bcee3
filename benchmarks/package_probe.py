"""Child process of the exchange benchmark: `python -m benchmarks.package_probe PACKAGE KEY`.

Reads the package at PACKAGE with the office key KEY (hex) as a merge does, and prints
``<seconds> <peak RSS in MB> <refused or read>``; PACKAGE ``-`` reads nothing (the bare baseline:
the same process with the same modules loaded).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.memory import peak_megabytes
from charity_desktop.domain.errors import DomainError
from charity_desktop.exchange.package import read_package


def main(path: str, key: str) -> None:
    started = time.perf_counter()
    outcome = "bare"
    if path != "-":
        try:
            read_package(Path(path), lambda uuid: bytes.fromhex(key))
            outcome = "read"
        except DomainError:
            outcome = "refused"
    print(f"{time.perf_counter() - started:.3f} {peak_megabytes():.1f} {outcome}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
