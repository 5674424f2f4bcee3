"""A throwaway PostgreSQL cluster for the tests: started once per run, stopped at its end.

`CHARITY_TEST_POSTGRES` (a URL such as ``postgresql://user@host:5432``) names a server to use
instead. Otherwise the Debian `postgresql` package's `initdb` and `pg_ctl` start a cluster in
a temporary folder on a free local port, as the user `postgres` when the tests run as root
(PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_ENV = "CHARITY_TEST_POSTGRES"


class NoServer(Exception):
    """Why no PostgreSQL server could be started (the tests that need one are skipped)."""


def _tools() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not versions:
        raise NoServer("PostgreSQL is not installed (Debian package: postgresql)")
    return Path(versions[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server() -> Iterator[str]:
    """Yield the base URL (``postgresql://user@host:port``) of a running server."""
    given = os.environ.get(SERVER_ENV)
    if given:
        yield given.rstrip("/")
        return
    tools = _tools()
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise NoServer("running as root and there is no 'postgres' user to run it") from None
        prefix = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="charity-pg-"))
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data = folder / "data"
    port = _free_port()

    def run(*command: str) -> None:
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise NoServer(f"{Path(command[0]).name} failed: {done.stderr.strip()[-500:]}")

    try:
        run(str(tools / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        run(
            str(tools / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "server.log"),
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
    except (NoServer, OSError, subprocess.TimeoutExpired) as problem:
        shutil.rmtree(folder, ignore_errors=True)
        raise NoServer(str(problem)) from None
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(tools / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def new_database(base: str) -> str:
    """Create an empty database on the server; return its SQLAlchemy URL (psycopg 3)."""
    import psycopg

    name = f"charity_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"


def drop_database(base: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
