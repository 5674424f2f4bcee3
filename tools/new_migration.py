"""Write a new Alembic migration by comparing the models with a database at the current head.

Usage: .venv/bin/python tools/new_migration.py "what changed" NNNN
Review the generated file under charity_desktop/storage/migrations/versions/ before committing.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from charity_desktop.storage.database import Database
from charity_desktop.storage.schema import MIGRATIONS


def main() -> None:
    message, revision = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open_file(Path(folder) / "head.sqlite3")
        with database.engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.revision(config, message=message, autogenerate=True, rev_id=revision)
        database.close()


if __name__ == "__main__":
    main()
