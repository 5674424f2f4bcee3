"""`python -m tools.translate FILE.json`: set Persian translations in the catalog.

FILE.json maps message ids to their Persian text; ids must already be in the catalog (run
`python -m charity_desktop.translation` first). Prints the ids still untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from charity_desktop.translation import DOMAIN, catalog_dir


def main(arguments: list[str]) -> int:
    po_file = catalog_dir() / "fa" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="fa")
    for source in arguments:
        for message, translation in json.loads(Path(source).read_text(encoding="utf-8")).items():
            if message not in catalog:
                print(f"not in the catalog: {message!r}", file=sys.stderr)
                return 1
            catalog[message].string = translation
    with po_file.open("wb") as handle:
        write_po(handle, catalog, omit_header=True, sort_output=True, ignore_obsolete=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    for message in missing:
        print(f"untranslated: {message!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
