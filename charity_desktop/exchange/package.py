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
the archive, then decrypts every file as a stream to check its tag before any is inflated, and
only then inflates, hashes, counts and parses each line by line, stopping as soon as a file runs
past its declared size: a refused package costs memory for a few chunks, whatever it claims to
unpack to. Packages of format `charity-desktop-package/1` (unencrypted) are refused with a
message asking the office for a new one: accepting them would let anyone who copies a stick
send personal data in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.errors import DomainError, NotFound
from charity_desktop.paths import private_file
from charity_desktop.services.exchange import ExportData

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
ENCRYPTION_INFO = b"charity-desktop-package/2 file encryption"


def _canonical(manifest: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _encryption_key(key: bytes) -> bytes:
    """The AES-256 key of an office's packages, derived from the key it signs them with."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=ENCRYPTION_INFO).derive(key)


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
            line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
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
    totals, voided = _totals(data.parts["donations"])
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
            "totals": totals,
            "voided": voided,
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


def _lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The lines of a stream of chunks."""
    rest = b""
    for chunk in chunks:
        *whole, rest = (rest + chunk).split(b"\n")
        yield from whole
    if rest:
        yield rest


def read_package(
    path: Path, key_for: Callable[[str], bytes | None]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The manifest and rows of the package at `path`, after every check passed.

    `key_for(office uuid)` gives the key the office signs with, or None for an office this
    database does not know. Raises `DomainError` for a damaged, forged, tampered, oversized,
    inconsistent, old-format or unknown-office package.
    """
    if not path.is_file():
        raise DomainError("The file {name} cannot be read.", name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(archive)
            key = _check_signature(manifest, key_for)
            files = manifest["files"]
            _check_sizes(archive, files)
            secret = _encryption_key(key)
            for name in FILES:  # every file authentic before any is inflated or parsed
                for _ in _decrypted(archive, name, files[name], secret):
                    pass
            parts = {
                part: [
                    json.loads(line) for line in _lines(_plain(archive, name, files[name], secret))
                ]
                for part, name in zip(PARTS, FILES, strict=True)
            }
            totals, voided = _totals(parts["donations"])
    except DomainError:
        raise
    except (*BROKEN_ZIP, KeyError, TypeError, AttributeError):
        raise _damaged() from None
    if (
        {part: len(rows) for part, rows in parts.items()} != manifest["counts"]
        or totals != manifest["totals"]
        or voided != manifest["voided"]
    ):
        raise DomainError("The package's rows or totals do not match its manifest; it was refused.")
    return manifest, parts
