"""This desk's printing: its printer, its receipt paper, and whether receipts go straight to
the printer without the preview. Kept on this computer (Qt's user settings), not in the
database: desks that share one database each print on a printer of their own."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

PAPERS = ("a5", "80mm")


@dataclass(frozen=True)
class DeskPrinting:
    printer: str = ""  # empty: the system's default printer
    paper: str = "a5"
    direct: bool = False  # print without the preview


def _store() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "charity-desktop", "desk"
    )


def load_desk_printing() -> DeskPrinting:
    """This desk's printing as last saved (the defaults on a new desk, or for odd values)."""
    store = _store()
    paper = str(store.value("printing/paper", "a5"))
    return DeskPrinting(
        printer=str(store.value("printing/printer", "")),
        paper=paper if paper in PAPERS else "a5",
        direct=str(store.value("printing/direct", "false")).lower() == "true",
    )


def save_desk_printing(printing: DeskPrinting) -> None:
    """Keep this desk's printing for the next print and the next start."""
    store = _store()
    store.setValue("printing/printer", printing.printer)
    store.setValue("printing/paper", printing.paper)
    store.setValue("printing/direct", "true" if printing.direct else "false")
    store.sync()
