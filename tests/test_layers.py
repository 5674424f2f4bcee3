"""The import rules of shared/docs/architecture.md, checked on every module of the package."""

import ast
from pathlib import Path

import charity_desktop

PACKAGE = Path(charity_desktop.__file__).parent

# Layer -> the layers of ours it may import (besides itself).
ALLOWED = {
    "paths": set(),
    "persian": set(),
    "domain": set(),
    "translation": {"domain", "persian", "paths"},
    "storage": {"domain"},
    "services": {"domain", "persian", "storage", "translation"},
    "reports": {"services", "domain", "persian", "translation", "paths"},
    "exchange": {"services", "domain", "persian", "translation"},
    "ui": {"services", "reports", "exchange", "domain", "persian", "translation", "paths"},
    "cli": {"services", "reports", "exchange", "domain", "persian", "translation", "paths", "app"},
    "app": {"services", "ui", "domain", "persian", "translation", "paths", "cli"},
    "launcher": {"app", "cli", "paths", "translation"},
    "__main__": {"launcher"},
    "__init__": set(),
}
# Third-party packages that only one layer may import.
CONFINED = {
    "PySide6": {"ui", "app"},
    "sqlalchemy": {"storage"},
    "alembic": {"storage"},
    "reportlab": {"reports"},
}


def layer_of(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).with_suffix("").parts[0]


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        for name in imports_of(path):
            top, _, rest = name.partition(".")
            if top == "charity_desktop":
                target = rest.split(".")[0]
                if target and target != layer and target not in ALLOWED[layer]:
                    found.append(f"{path.relative_to(package)} imports {name}")
            elif top in CONFINED and layer not in CONFINED[top]:
                found.append(f"{path.relative_to(package)} imports {name}")
    return found


def test_every_module_belongs_to_a_known_layer():
    assert {layer_of(p) for p in PACKAGE.rglob("*.py")} <= set(ALLOWED)


def test_layers_import_only_downwards():
    assert violations() == []


def test_the_check_itself_catches_a_violation(tmp_path):
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "rules.py").write_text(
        "import sqlalchemy\nfrom charity_desktop.services import dto\n"
    )
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "view.py").write_text(
        "from charity_desktop.storage.models import Donation\n"
    )
    assert sorted(violations(tmp_path)) == [
        "domain/rules.py imports charity_desktop.services",
        "domain/rules.py imports sqlalchemy",
        "ui/view.py imports charity_desktop.storage.models",
    ]
