"""The Peewee store: models, connection, migrations, queries, seeding, import and export.

Nothing here imports Textual; a test keeps it that way.

Peewee imports psycopg at its own import when it is installed (the `postgres` and
`dev` extras), which cost about 170 ms of every start, SQLite or not. So Peewee is
first imported here with psycopg hidden, and `postgres.load_psycopg` gives it
the driver when a PostgreSQL store is opened.
"""

import sys

_HIDDEN = "psycopg" not in sys.modules
if _HIDDEN:
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # `import psycopg` raises ImportError
try:
    import peewee  # noqa: F401
finally:
    if _HIDDEN and sys.modules.get("psycopg", ...) is None:
        del sys.modules["psycopg"]
