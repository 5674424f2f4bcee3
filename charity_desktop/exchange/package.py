"""Exchange packages: one signed, encrypted zip of JSON lines per office, checked before merging.

Format (`charity-desktop-package/2`):
- `manifest.json` (at most `MAX_MANIFEST_BYTES`, in the clear so it is checked first): the
  office (uuid, code, name, province, county), when it was made, the `since` date, rows per
  part, live totals per kind `[count, rials]`, voided donations, the head of the office's audit
  chain, and for every data file its unpacked `size`, the SHA-256 of its text, its `stored`
  size in the archive, and the AES-GCM `nonce` and `tag` it was encrypted with; then
  `signature`: HMAC-SHA256 (hex) with the key the office shares with the centre, over the
  manifest without its signature (UTF-8 JSON, sorted keys, no spaces).
- `<part>.jsonl` for counties, collection_points, intents, campaigns, institutions, donors,
  donations and receipts: one JSON object per line, records referring to each other by UUID,
  compressed with zlib, then encrypted with AES-256-GCM (the file's name as associated data) under a key derived from the
  shared key by HKDF-SHA256 (`ENCRYPTION_INFO`), so the signing key and the encryption key are
  never the same.
- `audit.jsonl` (encrypted likewise): the office's whole audit chain (each entry's hashed
  fields, previous hash and hash), so the centre can check that it links up to the head and
  still holds the head it saw in the office's previous package: a rewritten office database is
  refused.

Reading checks the manifest's size and signature before any data file is opened, then every
declared size against the bounds (`MAX_ENTRY_BYTES` a file, `MAX_UNPACKED_BYTES` in all) and
the archive, then decrypts every file as a stream to check its tag before any is inflated.
Only then are the rows read, part by part as the merge asks for them (`PackageRows`): each
file inflated, hashed, counted and parsed line by line, stopping as soon as it runs past its
declared size. A refused package costs memory for a few chunks, whatever it claims to unpack
to, and a merged one the memory of the rows in one batch.

Packages of format `charity-desktop-package/1` (unencrypted) are refused with a message
asking the office for a new one: accepting them would let anyone who copies a stick send
personal data in the clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.errors import DomainError, NotFound
from charity_desktop.domain.users import Actor
from charity_desktop.paths import private_file
from charity_desktop.services.database import Database
from charity_desktop.services.exchange import (
    ExportData,
    MergeReport,
    export_data,
    export_key,
    merge_data,
)

FORMAT = "charity-desktop-package/2"
OLD_FORMATS = ("charity-desktop-package/1",)
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
FILES = tuple(f"{part}.jsonl" for part in PARTS)
MAX_MANIFEST_BYTES = 1024**2
MAX_ENTRY_BYTES = 1024**3
MAX_UNPACKED_BYTES = 2 * 1024**3
CHUNK = 256 * 1024
# One record's line: a donation's texts are at most a few thousand bytes. An audit entry of
# an import or a merge holds the seals of every record it wrote, and may be far longer.
MAX_LINE_BYTES = 16 * 1024
MAX_AUDIT_LINE_BYTES = 256 * 1024**2
ENCRYPTION_INFO = b"charity-desktop-package/2 file encryption"


def _canonical(manifest: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _encryption_key(key: bytes) -> bytes:
    """The AES-256 key of an office's packages, derived from the key it signs them with."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=ENCRYPTION_INFO).derive(key)


class _Totals:
    """Live totals per kind ``[count, rials]`` and voided donations, row by row, as the
    manifest states them (a row that is not a donation is left for the merge to name)."""

    def __init__(self) -> None:
        self.totals = {kind.value: [0, 0] for kind in DonationKind}
        self.voided = 0

    def add(self, row: Any) -> None:
        if not isinstance(row, dict):
            return
        if row.get("voided_at"):
            self.voided += 1
        elif (total := self.totals.get(str(row.get("kind")))) is not None:
            amount = row.get("amount_rials")
            total[0] += 1
            total[1] += amount if type(amount) is int else 0

    def match(self, manifest: dict[str, Any]) -> bool:
        return self.totals == manifest["totals"] and self.voided == manifest["voided"]


def _write_part(
    archive: zipfile.ZipFile, name: str, rows: list[dict[str, Any]], key: bytes
) -> dict[str, Any]:
    """Write `rows` compressed and encrypted as the member `name`; return what the manifest
    says of it."""
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(name.encode())
    compressor = zlib.compressobj(6)
    digest, size, stored = hashlib.sha256(), 0, 0
    with archive.open(name, "w", force_zip64=True) as member:

        def put(packed: bytes) -> None:
            nonlocal stored
            stored += len(packed)
            member.write(encryptor.update(packed))

        for row in rows:
            line = orjson.dumps(row) + b"\n"
            digest.update(line)
            size += len(line)
            put(compressor.compress(line))
        put(compressor.flush())
        member.write(encryptor.finalize())
    return {
        "size": size,
        "stored": stored,
        "sha256": digest.hexdigest(),
        "nonce": nonce.hex(),
        "tag": encryptor.tag.hex(),
    }


def write_package(data: ExportData, target: Path) -> dict[str, Any]:
    """Write `data` as a signed, encrypted package at `target`; return its manifest."""
    totals = _Totals()
    for row in data.parts["donations"]:
        totals.add(row)
    office = data.office
    key = bytes.fromhex(office.key)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(private_file(partial), "w", zipfile.ZIP_STORED) as archive:
        files = {
            f"{part}.jsonl": _write_part(
                archive, f"{part}.jsonl", data.parts[part], _encryption_key(key)
            )
            for part in PARTS
        }
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
            "totals": totals.totals,
            "voided": totals.voided,
            "audit_head": data.audit_head,
            "files": files,
        }
        manifest["signature"] = hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()
        archive.writestr(
            "manifest.json",
            json.dumps(manifest, ensure_ascii=False, indent=1),
            zipfile.ZIP_DEFLATED,
        )
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


def _too_big() -> DomainError:
    return DomainError("The package unpacks to far more than it holds; it was refused.")


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, read no further than `MAX_MANIFEST_BYTES` whatever its header says."""
    with archive.open("manifest.json") as member:
        text = member.read(MAX_MANIFEST_BYTES + 1)
    if len(text) > MAX_MANIFEST_BYTES:
        raise _too_big()
    manifest = json.loads(text)
    if not isinstance(manifest, dict):
        raise TypeError
    return manifest


def _check_signature(manifest: dict[str, Any], key_for: Callable[[str], bytes | None]) -> bytes:
    """The key of the office whose signature the manifest carries, once it is checked."""
    if manifest.get("format") in OLD_FORMATS:
        raise DomainError(
            "This package was made by an older version of the program, without encryption; ask the office for a new package."
        )
    if manifest.get("format") != FORMAT:
        raise DomainError("This file is not a Charity Desktop exchange package.")
    try:
        office_uuid = manifest["office"]["uuid"]
        signature = manifest["signature"]
        if not isinstance(manifest["audit_head"], str) or not isinstance(office_uuid, str):
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
    return key


def _check_sizes(archive: zipfile.ZipFile, files: Any) -> None:
    """Every data file is declared, within the bounds, and as big as the archive holds it."""
    if not isinstance(files, dict) or set(files) != set(FILES):
        raise _damaged()
    sizes = [files[name].get(what) for name in FILES for what in ("size", "stored")]
    if not all(type(size) is int and size >= 0 for size in sizes):
        raise _damaged()
    if (
        max(sizes) > MAX_ENTRY_BYTES
        or sum(files[name]["size"] for name in FILES) > MAX_UNPACKED_BYTES
    ):
        raise _too_big()
    for name in FILES:
        if archive.getinfo(name).file_size != files[name]["stored"]:
            raise _damaged()


def _decrypted(
    archive: zipfile.ZipFile, name: str, entry: dict[str, Any], key: bytes
) -> Iterator[bytes]:
    """The member `name` decrypted (still compressed), chunk by chunk; at its end, raises
    `_damaged()` unless its tag matches (the tag is in the signed manifest)."""
    decryptor = Cipher(algorithms.AES(key), modes.GCM(bytes.fromhex(entry["nonce"]))).decryptor()
    decryptor.authenticate_additional_data(name.encode())
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            yield decryptor.update(chunk)
    try:
        decryptor.finalize_with_tag(bytes.fromhex(entry["tag"]))
    except InvalidTag:
        raise _damaged() from None


def _plain(
    archive: zipfile.ZipFile, name: str, entry: dict[str, Any], key: bytes
) -> Iterator[bytes]:
    """The text of the member `name`, chunk by chunk (none bigger than `CHUNK`); raises
    `_damaged()` as soon as it runs past its declared size, and at its end unless its size
    and digest are the declared ones."""
    inflater = zlib.decompressobj()
    digest, size = hashlib.sha256(), 0
    for packed in _decrypted(archive, name, entry, key):
        data = packed
        while data:
            plain = inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
            size += len(plain)
            if size > entry["size"]:
                raise _damaged()
            digest.update(plain)
            yield plain
    if not inflater.eof or inflater.unused_data:
        raise _damaged()
    if size != entry["size"] or not hmac.compare_digest(digest.hexdigest(), str(entry["sha256"])):
        raise _damaged()


def _lines(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    """The lines of a stream of chunks; raises `_damaged()` for a line longer than `limit`
    bytes, as soon as it runs past it."""
    rest = bytearray()
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            rest += chunk[start:end]
            if len(rest) > limit:
                raise _damaged()
            yield bytes(rest)
            rest.clear()
            start = end + 1
        rest += chunk[start:]
        if len(rest) > limit:
            raise _damaged()
    if rest:
        yield bytes(rest)


def _mismatch() -> DomainError:
    return DomainError("The package's rows or totals do not match its manifest; it was refused.")


class PackageRows(Mapping[str, Iterator[Any]]):
    """The rows of an authenticated package, part by part: each part, when asked for, is
    read afresh as a stream (decrypted, inflated and parsed line by line), so a merge holds
    only the rows it is working on.

    A stream raises `DomainError` as soon as its file runs past its declared size, and at
    its end unless the file's size, digest and tag are the signed ones and its rows (and, for
    donations, live totals) are those the manifest counts. A consumer must therefore read a
    part to its end before trusting, or keeping, anything it read from it.
    """

    def __init__(self, path: Path, manifest: dict[str, Any], secret: bytes) -> None:
        self.path, self.manifest, self._secret = path, manifest, secret

    def __getitem__(self, part: str) -> Iterator[Any]:
        if part not in PARTS:
            raise KeyError(part)
        return self._stream(part)

    def __iter__(self) -> Iterator[str]:
        return iter(PARTS)

    def __len__(self) -> int:
        return len(PARTS)

    def _stream(self, part: str) -> Iterator[Any]:
        name = f"{part}.jsonl"
        count, totals = 0, _Totals()
        try:
            with zipfile.ZipFile(self.path) as archive:
                entry = self.manifest["files"][name]
                limit = MAX_AUDIT_LINE_BYTES if part == "audit" else MAX_LINE_BYTES
                for line in _lines(_plain(archive, name, entry, self._secret), limit):
                    row = orjson.loads(line)
                    count += 1
                    totals.add(row)
                    yield row
            if count != self.manifest["counts"][part]:
                raise _mismatch()
            if part == "donations" and not totals.match(self.manifest):
                raise _mismatch()
        except DomainError:
            raise
        except (*BROKEN_ZIP, KeyError, TypeError, AttributeError):
            raise _damaged() from None


def read_package(
    path: Path, key_for: Callable[[str], bytes | None]
) -> tuple[dict[str, Any], PackageRows]:
    """The manifest of the package at `path` and its rows (read as streams, see
    `PackageRows`), once its signature, its sizes and every file's tag were checked.

    `key_for(office uuid)` gives the key the office signs with, or None for an office this
    database does not know. Raises `DomainError` for a damaged, forged, tampered, oversized,
    old-format or unknown-office package; rows that do not match the manifest are refused
    as they are read.
    """
    if not path.is_file():
        raise DomainError("The file {name} cannot be read.", name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(archive)
            key = _check_signature(manifest, key_for)
            files = manifest["files"]
            _check_sizes(archive, files)
            if not isinstance(manifest.get("counts"), dict) or not all(
                type(manifest["counts"].get(part)) is int for part in PARTS
            ):
                raise _damaged()
            secret = _encryption_key(key)
            for name in FILES:  # every file authentic before any is inflated or parsed
                for _ in _decrypted(archive, name, files[name], secret):
                    pass
    except DomainError:
        raise
    except (*BROKEN_ZIP, KeyError, TypeError, AttributeError):
        raise _damaged() from None
    return manifest, PackageRows(path, manifest, secret)


def export_package(
    database: Database, target: Path, *, since: dt.date | None = None, actor: Actor
) -> dict[str, Any]:
    """Write this office's package for the centre to `target` (only what changed `since`
    a day, when given); return its manifest."""
    return write_package(export_data(database, since, actor=actor), target)


def merge_package(
    database: Database, path: Path, *, dry_run: bool = False, actor: Actor
) -> MergeReport:
    """Check the package at `path` with the keys `database` knows and merge it, in one
    transaction or not at all (`dry_run`: report what it would change, keeping nothing):
    the one merge the window and the command line both run."""
    manifest, parts = read_package(path, lambda uuid: export_key(database, uuid))
    return merge_data(
        database,
        manifest["office"]["uuid"],
        parts,
        dry_run=dry_run,
        actor=actor,
        audit_head=manifest["audit_head"],
    )
