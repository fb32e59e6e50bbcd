"""Pure rules of the method: planning, scripts and cues, date phrases, money.

Nothing here imports Textual or Peewee; a test keeps it that way.
"""
