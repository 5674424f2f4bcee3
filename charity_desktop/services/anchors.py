"""The audit chain's head kept outside the database, so that a shortened or rebuilt chain shows.

After every commit that extends the chain its head (position and hash) is written to a small
file: beside a SQLite database (`<file>.head`), or for a server database in this desk's user
data folder. The backups folder keeps one for each database it backs up (`<file name>.head`
there: a folder may hold the backups of more than one database, and a trial copy being
restored has none). `verify` compares the chain with the newest
anchor it can find: a chain that ends before the anchor lost entries, and a chain holding
another hash at the anchor's position was rebuilt. A restore through the program rewrites
every anchor of the database (nothing the chain says can set an anchor aside).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from charity_desktop.paths import APP_NAME, private_file, private_folder

FORMAT = "charity-desktop-anchor/1"
SUFFIX = ".head"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Anchor:
    seq: int  # how many entries the chain had
    hash: str  # the hash of its last entry
    at: dt.datetime  # when it was written (UTC)
    path: Path


class UnreadableAnchor(Exception):
    """An anchor file exists but does not hold an anchor."""


def anchor_path(file: Path | None, address: str) -> Path:
    """Where the anchor of a database lives: beside its SQLite `file`, or (for a server at
    `address`, its password hidden) in this desk's user data folder."""
    if file is not None:
        return file.with_name(file.name + SUFFIX)
    from platformdirs import user_data_path

    name = hashlib.sha256(address.encode()).hexdigest()[:16]  # one file per server database
    return user_data_path(APP_NAME, appauthor=False) / "anchors" / f"{name}{SUFFIX}"


def backup_anchor_path(folder: Path, file: Path) -> Path:
    """The anchor the backups `folder` keeps for the database `file`."""
    return folder / (file.name + SUFFIX)


def read_anchor(path: Path) -> Anchor | None:
    """The anchor at `path`, None when there is no file; `UnreadableAnchor` for a damaged one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError
        return Anchor(
            int(data["seq"]), str(data["hash"]), dt.datetime.fromisoformat(data["at"]), path
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise UnreadableAnchor(str(path)) from None


def write_anchor(path: Path, seq: int, head: str, *, force: bool = False) -> None:
    """Record the head (`seq`, `head`) at `path`, unless it already holds a later one (`force`:
    whatever it holds, after a restore). Replaced whole, never half-written. A failure is
    logged, not raised: the change it follows is already saved."""
    try:
        if not force:
            try:
                current = read_anchor(path)
            except UnreadableAnchor:
                current = None
            if current is not None and current.seq >= seq:
                return
        private_folder(path.parent)
        payload = {
            "format": FORMAT,
            "seq": seq,
            "hash": head,
            "at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
        }
        partial = private_file(path.with_name(f".{path.name}.{os.getpid()}.partial"))
        partial.write_text(json.dumps(payload), encoding="utf-8")
        partial.replace(path)
    except OSError:
        log.warning("the audit anchor %s could not be written", path, exc_info=True)
