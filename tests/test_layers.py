"""The import rules of docs/architecture.md: import-linter's contracts (in pyproject.toml) on
every module, and a check that storage does not reach the window or the command line through
a service's names either."""

import ast
import importlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import charity_desktop

PACKAGE = Path(charity_desktop.__file__).parent
ROOT = PACKAGE.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Attributes through which an open database would hand out its storage machinery.
STORAGE_HANDLES = {"store", "engine", "session"}


def lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(config)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_contract_is_kept():
    done = lint_imports(ROOT, ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_contracts_catch_relative_package_and_third_party_imports(tmp_path):
    """A copy of the package with three kinds of violation the old hand-written walker
    missed or caught: a relative import of storage in ui/, `from charity_desktop import
    storage` in cli/, and SQLAlchemy imported by the domain."""
    fake = tmp_path / "charity_desktop"
    shutil.copytree(PACKAGE, fake, ignore=shutil.ignore_patterns("__pycache__"))
    (fake / "ui" / "sneaky.py").write_text("from ..storage import models\n")
    (fake / "cli" / "sneaky.py").write_text("from charity_desktop import storage\n")
    (fake / "domain" / "sneaky.py").write_text("import sqlalchemy\n")
    config = tmp_path / "pyproject.toml"
    shutil.copy(ROOT / "pyproject.toml", config)
    done = lint_imports(tmp_path, config)
    assert done.returncode != 0
    for violation in (
        "charity_desktop.ui.sneaky -> charity_desktop.storage",
        "charity_desktop.cli.sneaky -> charity_desktop.storage",
        "charity_desktop.domain.sneaky -> sqlalchemy",
    ):
        assert violation in done.stdout, done.stdout


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _imported_names(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every `from ... import name` of ours in `path`, relative ones resolved."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            source = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            if source.startswith("charity_desktop"):
                found += [(source, alias.name) for alias in node.names]
    return found


def test_the_window_and_the_command_line_get_nothing_of_storage_through_a_service():
    leaks = []
    for path in _modules("ui") + _modules("cli"):
        for source, name in _imported_names(path):
            value = getattr(importlib.import_module(source), name, None)
            origin = getattr(value, "__name__", "") if isinstance(value, type(sys)) else ""
            origin = origin or getattr(value, "__module__", "") or ""
            if origin.startswith("charity_desktop.storage"):
                leaks.append(f"{path.relative_to(ROOT)}: {name} from {source} is {origin}'s")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in STORAGE_HANDLES:
                leaks.append(f"{path.relative_to(ROOT)}:{node.lineno} reaches .{node.attr}")
    assert leaks == []


# The composition root wires every layer together; no contract limits it.
COMPOSITION_ROOT = {"app", "launcher", "__main__"}


def test_the_contracts_name_every_layer_of_the_package():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
    named = " ".join(
        " ".join(contract.get(key, []))
        for contract in contracts
        for key in ("source_modules", "modules", "allowed_importers")
    )
    layers = {
        path.with_suffix("").name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists()) and path.name != "__init__.py"
    }
    unnamed = sorted(
        layer
        for layer in layers - COMPOSITION_ROOT
        if f"charity_desktop.{layer}" not in named.split()
    )
    assert unnamed == []
