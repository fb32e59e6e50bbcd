"""A large file streams: memory stays well under the file's size (its speed is measured in benchmarks/).

The 100k-row measurement is `python -m benchmarks.bench_import`; this test imports
20k rows with long multi-line notes (a ~26 MB file) in a child process, so the
peak resident size (VmHWM) it reads is that import's own.
"""

import csv
import json
import subprocess
import sys
import textwrap

ROWS = 20_000

CHILD = textwrap.dedent(
    """
    import json, resource, sys
    from datetime import date

    def memory_mb(key):
        # This process's own figures: ru_maxrss would carry the parent's peak across fork and exec.
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith(key + ":"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from outreach_tui.store.connection import open_store
    from outreach_tui.store.importing import import_file, inspect_file
    from outreach_tui.store.models import Contact, LifeEvent

    db = open_store(sys.argv[2])
    source = inspect_file(sys.argv[1])
    from outreach_tui.core.contact_fields import phone_key

    phone_key("+1 416 555 0100")  # phonenumbers' metadata is a library's load, not the file's growth
    before = memory_mb("VmRSS")
    report = import_file(source, today=date(2026, 11, 23))
    peak = memory_mb("VmHWM")
    print(json.dumps({
        "summary": report.summary(),
        "grew_mb": peak - before, "contacts": Contact.select().count(),
        "events": LifeEvent.select().count(),
    }))
    """
)


def test_a_large_file_streams(tmp_path):
    path = tmp_path / "big.csv"
    filler = "lorem ipsum " * 100
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Organization Name", "Birthday", "Notes",
                         "E-mail 1 - Value", "Phone 1 - Value"])
        for n in range(ROWS):
            writer.writerow([f"First{n}", f"Last{n}", f"Company {n % 97}", f"--{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                             f"note {n}\n{filler}", f"person{n}@example.com", f"+1 555 {n:07d}"])
    size_mb = path.stat().st_size / 2**20
    assert size_mb > 20
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(tmp_path / "book.db")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["summary"] == f"added {ROWS:,}, merged 0"
    assert result["contacts"] == ROWS and result["events"] == ROWS
    # What grows is the key maps (about 0.7 kB a contact) and one batch of rows, not the file,
    # which is read twice and never held: the same import with one-line notes grows as much.
    assert result["grew_mb"] < 20 < size_mb, result
