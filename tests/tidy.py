"""The suite leaves nothing behind: the files of the repository before and after a run."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folders of tools and caches that .gitignore already keeps out of the repository.
IGNORED = {
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
}


def repository_files(root: Path = ROOT) -> set[str]:
    """Every file under `root` (relative paths), outside the tools' own folders."""
    found = set()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name for name in subfolders if name not in IGNORED and not name.endswith(".egg-info")
        ]
        relative = Path(folder).relative_to(root)
        found.update(str(relative / name) for name in files)
    return found
