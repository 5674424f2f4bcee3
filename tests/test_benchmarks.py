"""The quick benchmark run works end to end (its figures are printed, never asserted)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def benchmarks(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_quick_benchmarks_print_a_figure_and_its_baseline():
    done = benchmarks("--quick")
    assert done.returncode == 0, done.stderr
    print(done.stdout)
    lines = [line for line in done.stdout.splitlines() if not line.startswith("#")]
    assert len(lines) >= 2 and all("baseline" in line or "bare" in line for line in lines)


def test_unknown_benchmark_is_refused():
    done = benchmarks("nonsense")
    assert done.returncode == 2 and "unknown benchmark: nonsense" in done.stderr


def test_a_size_is_given_after_the_name():
    done = benchmarks("receipts=3")
    assert done.returncode == 0, done.stderr
    assert "save + receipt PDF (3)" in done.stdout
    refused = benchmarks("receipts=many")
    assert refused.returncode == 2 and "must be a positive whole number" in refused.stderr
