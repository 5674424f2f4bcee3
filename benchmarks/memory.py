"""Peak memory of the running process, for the benchmarks' child processes (imports nothing heavy)."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_megabytes() -> float:
    """This process's peak resident memory. Linux's VmHWM, because `ru_maxrss` keeps the
    parent's peak across fork and exec; elsewhere `ru_maxrss` (kilobytes on Linux/BSD)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
