"""What the tests of a migration share: an old store's rows, and the check that none were lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def copy_with_rows(fixture: str, folder: Path) -> tuple[Path, dict[str, tuple[str, list]]]:
    """A copy of `fixtures/<fixture>` in `folder`, and each table's columns and rows as written."""
    path = folder / "old.db"
    shutil.copyfile(FIXTURES / fixture, path)
    old = sqlite3.connect(path)
    tables = [row[0] for row in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'contact_trigram%' AND name NOT LIKE 'sqlite%'")]
    rows = {table: old.execute(f'SELECT * FROM "{table}" ORDER BY 1') for table in tables}
    rows = {table: (", ".join(f'"{d[0]}"' for d in cursor.description), cursor.fetchall())
            for table, cursor in rows.items()}
    old.close()
    return path, rows


def assert_rows_kept(db, before: dict[str, tuple[str, list]]) -> None:
    """Every old row still holds what it held in its old columns (later schemas add columns)."""
    for table, (columns, rows) in before.items():
        if table != "schema_version":
            assert db.execute_sql(f'SELECT {columns} FROM "{table}" ORDER BY 1').fetchall() == rows, table
