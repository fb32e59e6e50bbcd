"""The Peewee store: models, connection, migrations, queries, seeding, import and export.

Nothing here imports Textual; a test keeps it that way.
"""
