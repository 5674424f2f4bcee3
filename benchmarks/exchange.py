"""Export of an office's package and its merge at the centre, against bare zip and executemany;
the cost of refusing spoiled packages (time and peak memory of a fresh process reading one),
against the same process reading nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from benchmarks.common import BENCH, demo_database
from charity_desktop.exchange.package import merge_package, write_package
from charity_desktop.services.database import open_database
from charity_desktop.services.exchange import (
    ExportData,
    OfficeIdentity,
    export_data,
    office_identity,
    register_office,
)
from charity_desktop.services.office import set_up_office


def _seconds(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def _probe(path: Path | str, key: str, centre: Path | None = None) -> tuple[float, float, str]:
    """Seconds, peak MB and outcome of a fresh process reading the package at `path` (with
    `centre`: merging it there as a dry run)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.package_probe",
            str(path),
            key,
            *([str(centre)] if centre else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, megabytes, outcome = done.stdout.split()
    return float(seconds), float(megabytes), outcome


def _signed(manifest: dict[str, Any], key: str) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    text = json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    signature = hmac.new(bytes.fromhex(key), text.encode(), hashlib.sha256).hexdigest()
    return json.dumps({**unsigned, "signature": signature}).encode()


def _spoiled(package: Path, target: Path, members: dict[str, bytes], zeros: int = 0) -> Path:
    """`package` again with some members replaced, and `zeros` bytes of zeros (deflated, a
    zip bomb) as its donations."""
    with zipfile.ZipFile(package) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    contents.update(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in contents.items():
            if zeros and name == "donations.jsonl":
                with archive.open(name, "w", force_zip64=True) as member:
                    block = bytes(16 * 2**20)
                    for _ in range(zeros // len(block)):
                        member.write(block)
            else:
                archive.writestr(name, content)
    return target


def refusals(
    package: Path, data: ExportData, county: OfficeIdentity, donations: int, folder: Path
) -> list[str]:
    """What refusing a spoiled package costs, beside a process that reads nothing; and
    merging a package (as a dry run, into a centre that has none of it) whose county signed
    it with its own key but whose last donation is refused, beside the honest one."""
    key = county.key
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        audit = archive.read("audit.jsonl")
    bomb = donations * 20_000  # 2 GB beside a 100,000-donation package
    forged = json.dumps({**manifest, "signature": "00" * 32}).encode()
    files = {**manifest["files"]}
    files["donations.jsonl"] = {**files["donations.jsonl"], "size": 3 * 2**30}
    cases = {
        f"unsigned, unpacks to {bomb / 2**30:.1f} GB": _spoiled(
            package, folder / "bomb.zip", {"manifest.json": forged}, zeros=bomb
        ),
        f"manifest of {bomb // 40 / 2**20:.0f} MB": _spoiled(
            package, folder / "manifest.zip", {"manifest.json": b" " * (bomb // 40)}
        ),
        "signed, declaring a 3 GB file": _spoiled(
            package,
            folder / "sizes.zip",
            {"manifest.json": _signed({**manifest, "files": files}, key)},
        ),
        "last byte of its last file changed": _spoiled(
            package, folder / "late.zip", {"audit.jsonl": audit[:-1] + bytes([audit[-1] ^ 1])}
        ),
    }
    bare_seconds, bare_megabytes, _ = _probe("-", key)
    honest = _probe(package, key)
    bare = f"(bare process {bare_seconds:4.2f} s, {bare_megabytes:3.0f} MB)"
    lines = [
        f"read an honest package ({package.stat().st_size / 2**20:.1f} MB)  {honest[0]:5.2f} s, peak {honest[1]:5.0f} MB {bare}"
    ]
    centre_path = folder / "fresh-centre.sqlite3"
    centre = open_database(str(centre_path))
    set_up_office(centre, name="ستاد استان", code="CENTRE", province="زنجان", county="زنجان")
    register_office(centre, county, actor=BENCH)
    centre.close()
    spoiled = {part: list(rows) for part, rows in data.parts.items()}
    spoiled["donations"][-1] = {**spoiled["donations"][-1], "description": "\x07"}
    late = folder / "late-row.zip"
    write_package(dataclasses.replace(data, parts=spoiled), late)
    merged = _probe(package, key, centre_path)
    refused_late = _probe(late, key, centre_path)
    assert merged[2] == "read" and refused_late[2] == "refused"
    lines += [
        f"merge an honest package (dry run)                {merged[0]:5.2f} s, peak {merged[1]:5.0f} MB {bare}",
        f"merge a signed package, its last row refused     {refused_late[0]:5.2f} s, peak {refused_late[1]:5.0f} MB {bare}  "
        f"goal: under 200 MB, time in proportion to what was read",
    ]
    for name, path in cases.items():
        seconds, megabytes, outcome = _probe(path, key)
        assert outcome == "refused", name
        lines.append(
            f"refuse a package: {name:<34}  {seconds:5.2f} s, peak {megabytes:5.0f} MB {bare}  "
            "goal: under 200 MB and 2 s"
        )
    return lines


def run(donations: int) -> str:
    county = open_database(str(demo_database(donations)))
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "package.zip"
        data = None

        def export() -> None:
            nonlocal data
            data = export_data(county, actor=BENCH)
            write_package(data, package)

        export_seconds = _seconds(export)
        assert data is not None
        rows = data.parts["donations"]

        def bare_zip() -> None:
            with zipfile.ZipFile(Path(folder) / "bare.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("donations.jsonl", "".join(json.dumps(r) + "\n" for r in rows))

        bare_zip_seconds = _seconds(bare_zip)
        centre = open_database(str(Path(folder) / "centre.sqlite3"))
        set_up_office(centre, name="ستاد استان", code="CENTRE", province="زنجان", county="زنجان")
        register_office(centre, office_identity(county), actor=BENCH)

        def merge() -> None:
            merge_package(centre, package, actor=BENCH)

        merge_seconds = _seconds(merge)
        again_seconds = _seconds(merge)

        def bare_insert() -> None:
            with sqlite3.connect(Path(folder) / "bare.sqlite3") as connection:
                columns = list(rows[0])
                connection.execute(f"CREATE TABLE d ({', '.join(columns)})")
                connection.executemany(
                    f"INSERT INTO d VALUES ({', '.join('?' * len(columns))})",
                    [tuple(r.values()) for r in rows],
                )
            connection.close()

        bare_insert_seconds = _seconds(bare_insert)
        size_mb = package.stat().st_size / 2**20
        centre.close()
        refused = refusals(package, data, office_identity(county), donations, Path(folder))
    county.close()
    return (
        "\n".join(refused)
        + "\n"
        + (
            f"exchange of {len(rows):,} donations  export {export_seconds:5.1f} s (bare zip of the rows {bare_zip_seconds:4.1f} s), "
            f"package {size_mb:4.1f} MB  merge {merge_seconds:5.1f} s (bare executemany {bare_insert_seconds:4.1f} s)  "
            f"merging it again {again_seconds:5.1f} s (changes nothing)"
        )
    )
