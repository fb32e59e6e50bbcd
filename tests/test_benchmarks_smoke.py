"""The benchmark runner on a tiny book, so its code never rots. No timing is asserted here."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.__main__ import MEASURES, main  # noqa: E402


def test_quick_run_measures_everything_and_writes_the_table(tmp_path, capsys):
    results_file = tmp_path / "results.md"
    results = main(["--quick", "--results", str(results_file), "--cache", str(tmp_path / "cache")])

    failed = [f"{r.measure}: {r.note}" for r in results if r.note.startswith("failed")]
    assert failed == []
    measured = {r.measure for r in results}
    assert len(results) >= len(MEASURES)
    assert any(name.startswith("today's plan") for name in measured)
    assert any(name.startswith("export --format csv") for name in measured)
    plan = next(r for r in results if r.measure == "today's plan query")
    assert plan.passed is not None and plan.ratio.endswith("x")
    text = results_file.read_text(encoding="utf-8")
    assert "| measure | value | budget | baseline | ratio | pass/miss | note |" in text
    assert "300 contacts, 3,000 interactions" in text
    assert text in capsys.readouterr().out


def test_book_is_built_once_and_then_found_in_the_cache(tmp_path):
    from benchmarks.__main__ import QUICK, cached_book

    path, built = cached_book(QUICK, tmp_path)
    again, cached = cached_book(QUICK, tmp_path)
    assert again == path and built is not None and cached is None
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
