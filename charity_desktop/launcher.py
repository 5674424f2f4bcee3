"""`charity-desktop`: the window, started quickly when no command is given; else the command line.

The command line (`cli.main`) loads every service and report module before it parses its
arguments, which would hold back the window's first paint by half a second; so the plain
`charity-desktop [--db FILE] [--lang fa|en]` goes straight to `app.run_gui`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from charity_desktop.paths import database_target
from charity_desktop.translation import DEFAULT_LANGUAGE, LANGUAGES, Translator

WINDOW_OPTIONS = ("--db", "--lang")


def window_options(argv: Sequence[str]) -> dict[str, str] | None:
    """{"db": ..., "lang": ...} when `argv` holds only window options; None for anything
    else (a command, --help, --version, --user, a mistake), which the command line parses."""
    options: dict[str, str] = {}
    words = list(argv)
    while words:
        name, has_value, value = words.pop(0).partition("=")
        if name not in WINDOW_OPTIONS or (not has_value and not words):
            return None
        options[name.removeprefix("--")] = value if has_value else words.pop(0)
    if options.get("lang", "fa") not in LANGUAGES:
        return None
    return options


def no_screen() -> bool:
    """Whether this is a Linux computer without a display to open a window on (Qt would
    abort with its own English message)."""
    return sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run `charity-desktop` with `argv` (default: the process's arguments); Ctrl-C while the
    program is still loading ends it quietly (status 130)."""
    try:
        return _run(sys.argv[1:] if argv is None else list(argv))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def _run(arguments: list[str]) -> int:
    options = window_options(arguments)
    if options is not None:
        language = options.get("lang", DEFAULT_LANGUAGE)
        if no_screen():
            tr = Translator(language)
            print(
                tr(
                    "There is no screen to open the window on (DISPLAY is not set). Start it from the desktop, or use a command: charity-desktop --help"
                ),
                file=sys.stderr,
            )
            return 1
        from charity_desktop.app import run_gui

        return run_gui(database_target(options.get("db")), language=language)
    from charity_desktop.cli.main import main as command_line

    return command_line(arguments)
