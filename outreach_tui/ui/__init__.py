"""The Textual screens and widgets of the session app (draft, prepare and state are plain Python)."""
