"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charity_desktop.domain.users import Actor, Role
from charity_desktop.persian.jalali import today
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo

CACHE = Path(tempfile.gettempdir()) / "charity-desktop-bench"

# Who the benchmarks act as (an admin may do everything they measure).
BENCH = Actor("bench", Role.ADMIN)


@dataclass(frozen=True)
class Timings:
    """Seconds of repeated runs of one operation."""

    seconds: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def repeat(operation: Callable[[int], object], count: int) -> Timings:
    """Time `operation(i)` for i in range(count)."""
    seconds = []
    for index in range(count):
        start = time.perf_counter()
        operation(index)
        seconds.append(time.perf_counter() - start)
    return Timings(seconds)


def report(name: str, measured: Timings, baseline: Timings, goal: str) -> str:
    """One line of the figures table: median, p95, the baseline's, and the ratio of medians."""
    ratio = measured.median_ms / baseline.median_ms if baseline.median_ms else float("inf")
    return (
        f"{name:<34} median {measured.median_ms:8.2f} ms  p95 {measured.p95_ms:8.2f} ms  | "
        f"baseline median {baseline.median_ms:7.2f} ms  p95 {baseline.p95_ms:7.2f} ms  | "
        f"x{ratio:5.1f}  goal: {goal}"
    )


def demo_database(donations: int, donors: int | None = None) -> Path:
    """A demo database of `donations` rows (and `donors`, default one per eight), built once
    and kept in the temp folder."""
    path = CACHE / (
        f"demo-{donations}.sqlite3" if donors is None else f"demo-{donations}-{donors}.sqlite3"
    )
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        database = open_database(str(partial))
        started = time.perf_counter()
        build_demo(database, donations=donations, donors=donors, seed=8, actor=BENCH, today=today())
        database.close()
        print(
            f"# built a {donations:,}-donation demo database in {time.perf_counter() - started:.1f} s: {path}"
        )
        partial.rename(path)
    return path
