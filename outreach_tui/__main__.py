from outreach_tui.cli import run

run()
