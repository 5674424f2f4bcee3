"""The built wheel, installed into a fresh venv, runs the program with its fonts and catalogs.

The editable install used by the rest of the suite reads fonts and catalogs from the source
tree; only a wheel shows whether `pyproject.toml` ships them. The fresh venv borrows this
venv's dependencies through a .pth line (no network, no reinstall) but gets the package itself
from the wheel alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jdatetime
import pytest

from charity_desktop import __version__
from charity_desktop.persian.text import to_persian_digits
from tests.reports.pdf import pdf_text

ROOT = Path(__file__).parent.parent
OFFICE_NAME = "اداره کل بهزیستی استان زنجان"

PROBE = """
import charity_desktop
from charity_desktop.paths import resource_dir
from charity_desktop.translation import Translator
print(charity_desktop.__file__)
print(resource_dir("resources") / "fonts" / "Vazirmatn-Regular.ttf")
print(resource_dir("i18n") / "fa" / "LC_MESSAGES" / "messages.po")
print(Translator("fa")("Anonymous donor"))
"""


def run(command: list[str], *, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def tree(root: Path) -> set[Path]:
    """Every path under `root`, but the venv, Git's folder and caches of compiled Python."""
    skipped = {".git", ".venv", "__pycache__"}
    found: set[Path] = set()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in skipped]
        found.update(Path(folder, name).relative_to(root) for name in subfolders + files)
    return found


def build_wheel(folder: Path) -> Path:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-cache-dir", "--quiet", "-w", str(folder), str(ROOT)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    [wheel] = folder.glob("charity_desktop-*.whl")
    return wheel


def fresh_venv(folder: Path, wheel: Path) -> Path:
    """A venv holding only the wheel; this venv's dependencies are borrowed through a .pth
    line (a plain path: the .pth files there, such as the editable install's, are not read)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"),
            *("--no-index", "--no-cache-dir", "--quiet", str(wheel)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    borrowed = [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    (Path(purelib) / "borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    return folder


@pytest.mark.slow
def test_the_installed_wheel_runs_from_another_folder(tmp_path: Path) -> None:
    """Built without writing into the working tree and installed alone: --version, init, demo,
    last year's summary and a receipt, both PDFs holding Persian text, run from another
    folder; the package, fonts and catalogs come from the fresh venv."""
    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils"
    before = tree(ROOT)
    wheel = build_wheel(tmp_path / "wheel")
    assert tree(ROOT) == before, "building the wheel wrote into the working tree"
    venv = fresh_venv(tmp_path / "venv", wheel)
    elsewhere = tmp_path / "elsewhere"
    home = tmp_path / "home"
    elsewhere.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "CHARITY_", "XDG_", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    )

    module, font, catalog, anonymous = run(
        [str(venv / "bin" / "python"), "-c", PROBE], cwd=elsewhere, env=env
    ).splitlines()
    assert Path(module).is_relative_to(venv), module
    assert Path(font).is_relative_to(venv) and Path(font).is_file(), font
    assert Path(catalog).is_relative_to(venv) and Path(catalog).is_file(), catalog
    assert anonymous == "نیکوکار گمنام"

    program = str(venv / "bin" / "charity-desktop")

    def cli(*arguments: str) -> str:
        return run(
            [program, "--db", str(tmp_path / "office.sqlite3"), *arguments], cwd=elsewhere, env=env
        )

    assert cli("--version").strip() == __version__
    said = cli(
        *("init", "--office-name", OFFICE_NAME, "--office-code", "ZN"),
        *("--province", "زنجان", "--county", "زنجان"),
    )
    assert said == f"اداره «{OFFICE_NAME}» (ZN) تعریف شد.\n"  # Persian: the catalog was found
    cli("demo", "--donations", "300")
    year = jdatetime.date.today().year - 1  # the demo fills last year whole, this one to today
    cli("report", "summary", "--year", str(year), "--months", "12", "--out", "s.pdf")
    number = f"ZN-{year}-000001"
    cli("receipt", "print", number, "--out", "r.pdf")

    summary = pdf_text(elsewhere / "s.pdf")
    first_day = to_persian_digits(f"{year}/01/01")  # the period, as the heading dates it
    for expected in (OFFICE_NAME, first_day, "نقدی", "غیرنقدی", "ریال"):
        assert expected in summary, (expected, summary[:500])
    receipt = pdf_text(elsewhere / "r.pdf")
    for expected in (number, OFFICE_NAME, "رسید", "ریال"):
        assert expected in receipt, (expected, receipt[:500])
    assert list((home / "cache").rglob("*.mo")), "the catalogs were not compiled in the cache"
