"""Outreach TUI: a sales rep's daily outreach session in the terminal."""

__version__ = "0.1.0"
