"""Child process of the exchange benchmark: `python -m benchmarks.package_probe PACKAGE KEY [CENTRE]`.

Reads the package at PACKAGE with the office key KEY (hex) to its end, every part as a
stream; with CENTRE (a centre's database that knows the office), merges it there as a dry
run instead, as the window and the command line do. Prints ``<seconds> <peak RSS in MB>
<refused or read>``; PACKAGE ``-`` reads nothing (the bare baseline: the same process with
the same modules loaded).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.common import BENCH
from benchmarks.memory import peak_megabytes
from charity_desktop.domain.errors import DomainError
from charity_desktop.exchange.package import merge_package, read_package
from charity_desktop.services.database import open_database


def main(path: str, key: str, centre: str | None = None) -> None:
    database = open_database(centre) if centre else None
    started = time.perf_counter()
    outcome = "bare"
    if path != "-":
        try:
            if database is not None:
                merge_package(database, Path(path), dry_run=True, actor=BENCH)
            else:
                _, parts = read_package(Path(path), lambda uuid: bytes.fromhex(key))
                for rows in parts.values():
                    for _ in rows:
                        pass
            outcome = "read"
        except DomainError:
            outcome = "refused"
    print(f"{time.perf_counter() - started:.3f} {peak_megabytes():.1f} {outcome}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
