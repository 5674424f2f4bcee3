"""Sending a package from an office to the centre, as the command line does."""

from charity_desktop.exchange.package import read_package, write_package
from charity_desktop.services.exchange import export_data, export_key, merge_data
from tests.actors import SUPERVISOR


def package(database, path):
    """Write the office's whole package to `path` and return the path."""
    write_package(export_data(database, actor=SUPERVISOR), path)
    return path


def merge(centre, path, change=None, **options):
    """Read the package at `path` with the centre's keys and merge it (options: dry_run),
    after `change(parts)` edited its rows when given (a county signing with its own key)."""
    manifest, parts = read_package(path, lambda uuid: export_key(centre, uuid))
    if change is not None:
        parts = rows(parts)
        change(parts)
    return merge_data(
        centre,
        manifest["office"]["uuid"],
        parts,
        **options,
        actor=SUPERVISOR,
        audit_head=manifest["audit_head"],
    )


def rows(parts):
    """A package's parts read whole, as lists that a test may edit."""
    return {part: list(stream) for part, stream in parts.items()}
