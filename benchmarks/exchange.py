"""Export of an office's package and its merge at the centre, against bare zip and executemany."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.common import BENCH, demo_database
from charity_desktop.exchange.package import read_package, write_package
from charity_desktop.services.database import open_database
from charity_desktop.services.exchange import (
    export_data,
    export_key,
    merge_data,
    office_identity,
    register_office,
)
from charity_desktop.services.office import set_up_office


def _seconds(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


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
            manifest, parts = read_package(package, lambda uuid: export_key(centre, uuid))
            merge_data(
                centre,
                manifest["office"]["uuid"],
                parts,
                actor=BENCH,
                audit_head=manifest["audit_head"],
            )

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
    county.close()
    return (
        f"exchange of {len(rows):,} donations  export {export_seconds:5.1f} s (bare zip of the rows {bare_zip_seconds:4.1f} s), "
        f"package {size_mb:4.1f} MB  merge {merge_seconds:5.1f} s (bare executemany {bare_insert_seconds:4.1f} s)  "
        f"merging it again {again_seconds:5.1f} s (changes nothing)"
    )
