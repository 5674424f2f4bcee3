"""Exchange packages: one signed zip of JSON lines per office, checked whole before merging.

Format (`charity-desktop-package/1`):
- `manifest.json`: the office (uuid, code, name, province, county), when it was made, the
  `since` date, rows per part, live totals per kind `[count, rials]`, voided donations,
  the head of the office's audit chain, the SHA-256 of every data file, and `signature`: HMAC-SHA256 (hex) with the key the office
  shares with the centre, over the manifest without its signature (UTF-8 JSON, sorted keys,
  no spaces).
- `<part>.jsonl` for counties, collection_points, intents, campaigns, institutions, donors,
  donations and receipts: one JSON object per line; records refer to each other by UUID.
- `audit.jsonl`: the office's whole audit chain (each entry's hashed fields, previous hash and
  hash), so the centre can check that it links up to the head and still holds the head it saw
  in the office's previous package: a rewritten office database is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.errors import DomainError, NotFound
from charity_desktop.paths import private_file
from charity_desktop.services.exchange import ExportData

FORMAT = "charity-desktop-package/1"
PARTS = (
    "counties",
    "collection_points",
    "intents",
    "campaigns",
    "institutions",
    "donors",
    "donations",
    "receipts",
    "audit",
)
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_RATIO = 200


def _canonical(manifest: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _totals(donations: list[dict[str, Any]]) -> tuple[dict[str, list[int]], int]:
    totals = {kind.value: [0, 0] for kind in DonationKind}
    voided = 0
    for row in donations:
        if row["voided_at"]:
            voided += 1
            continue
        totals[row["kind"]][0] += 1
        totals[row["kind"]][1] += row["amount_rials"]
    return totals, voided


def write_package(data: ExportData, target: Path) -> dict[str, Any]:
    """Write `data` as a signed package at `target`; return its manifest."""
    files = {
        f"{part}.jsonl": "".join(
            json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
            for row in data.parts[part]
        ).encode()
        for part in PARTS
    }
    totals, voided = _totals(data.parts["donations"])
    office = data.office
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "office": {
            "uuid": office.uuid,
            "code": office.code,
            "name": office.name,
            "province": office.province,
            "county": office.county,
        },
        "created_at": data.created_at.isoformat(),
        "since": data.since.isoformat() if data.since else None,
        "counts": {part: len(data.parts[part]) for part in PARTS},
        "totals": totals,
        "voided": voided,
        "audit_head": data.audit_head,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
    }
    manifest["signature"] = hmac.new(
        bytes.fromhex(office.key), _canonical(manifest), hashlib.sha256
    ).hexdigest()
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(private_file(partial), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, content in files.items():
            archive.writestr(name, content)
    partial.replace(target)
    return manifest


# What zipfile raises for a broken archive, besides BadZipFile: a bad deflate stream, a
# truncated member, a name not in UTF-8, an unknown zip version or method, encryption.
BROKEN_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def _damaged() -> DomainError:
    return DomainError("The package is damaged or incomplete; nothing was merged.")


def read_package(
    path: Path, key_for: Callable[[str], bytes | None]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The manifest and rows of the package at `path`, after every check passed.

    `key_for(office uuid)` gives the key the office signs with, or None for an office this
    database does not know. Raises `DomainError` for a damaged, forged, tampered,
    inconsistent or unknown-office package.
    """
    if not path.is_file():
        raise DomainError("The file {name} cannot be read.", name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                raise DomainError("The package unpacks to far more than it holds; it was refused.")
            manifest = json.loads(archive.read("manifest.json"))
            contents = {name: archive.read(name) for name in manifest["files"]}
    except DomainError:
        raise
    except (*BROKEN_ZIP, KeyError, TypeError):
        raise _damaged() from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DomainError("This file is not a Charity Desktop exchange package.")
    try:
        office_uuid = manifest["office"]["uuid"]
        signature = manifest["signature"]
        if not isinstance(manifest["audit_head"], str):
            raise TypeError
    except (KeyError, TypeError):
        raise _damaged() from None
    key = key_for(office_uuid)
    if key is None:
        raise NotFound(
            "This package comes from an office this database does not know ({code}); register its card first.",
            code=str(manifest["office"].get("code", "?")),
        )
    expected = hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, str(signature)):
        raise DomainError(
            "The package's signature does not match the office's key; it was refused."
        )
    if set(manifest["files"]) != {f"{part}.jsonl" for part in PARTS}:
        raise _damaged()
    for name, content in contents.items():
        if hashlib.sha256(content).hexdigest() != manifest["files"][name]:
            raise _damaged()
    try:
        parts = {
            part: [json.loads(line) for line in io.StringIO(contents[f"{part}.jsonl"].decode())]
            for part in PARTS
        }
        totals, voided = _totals(parts["donations"])
    except (ValueError, KeyError, TypeError):
        raise _damaged() from None
    if (
        {part: len(rows) for part, rows in parts.items()} != manifest["counts"]
        or totals != manifest["totals"]
        or voided != manifest["voided"]
    ):
        raise DomainError("The package's rows or totals do not match its manifest; it was refused.")
    return manifest, parts
