"""A real browser: headless Chromium on `outreach serve`: the rep named on the page, a call
made and saved, the next one offered back after the page reloads mid-call, and the
session's log downloaded.

The page's terminal (xterm.js) draws on a canvas, so the test reads what it shows
from the terminal's own buffer: a hook added before the page's scripts run keeps the
terminal object when the page creates it. A screenshot of the served plan is kept
as `served-plan.png` in the test's tmp_path. Skipped only without Chromium and its
driver (CI installs Debian's `chromium` and `chromium-driver`).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time

import pytest

from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Interaction
from served import Served
from ui_fixtures import build_book

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if (CHROMIUM is None or CHROMEDRIVER is None) and not os.environ.get("CI"):
    pytest.skip("Chromium and chromedriver are not installed (CI installs them)", allow_module_level=True)
if not os.environ.get("CI"):
    pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

TOKEN = "browser-room-7"
TIMEOUT = 20.0
NOTE = "Loved the cedar planters"
SECOND_NOTE = "Call back after lunch"

# Runs before the page's own scripts: when the page sets `something.terminal = new Terminal()`,
# keep that terminal where the test can read its buffer.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.outreachTerminal = value;
  },
});
"""
SCREEN_TEXT = """
const terminal = window.outreachTerminal;
if (!terminal) return "";
const buffer = terminal.buffer.active, lines = [];
for (let y = 0; y < terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  lines.push(line ? line.translateToString(true) : "");
}
return lines.join("\\n");
"""


class Page:
    def __init__(self, driver) -> None:
        self.driver = driver

    def screen(self) -> str:
        return self.driver.execute_script(SCREEN_TEXT)

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{texts} did not all appear within {timeout:.0f}s; the page showed:\n{screen}")

    def keys(self, *keys: str) -> None:
        self.driver.switch_to.active_element.send_keys(*keys)


@pytest.fixture
def chromium(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                     "--window-size=1100,700", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log")),
                              options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINAL})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(tmp_path / "downloads")})
    yield Page(driver)
    driver.quit()


def wait_for_file(path, timeout: float = TIMEOUT):
    """Until the browser has finished downloading `path`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and not path.with_name(path.name + ".crdownload").exists():
            return path
        time.sleep(0.1)
    raise AssertionError(f"{path.name} was not downloaded within {timeout:.0f}s: {list(path.parent.glob('*'))}")


def wait_for_name(folder, pattern: str, timeout: float = TIMEOUT):
    """The first file in `folder` named like `pattern`, once there is one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(path for path in folder.glob(pattern) if not path.name.endswith(".crdownload"))
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing named {pattern} was downloaded within {timeout:.0f}s")


def test_calls_made_in_the_browser_are_saved_resumed_and_downloaded(tmp_path, chromium):
    store = tmp_path / "book.db"
    db = open_store(store)
    build_book()
    db.close()
    served = Served(store, "serve", "--port", "0", "--token", TOKEN)
    try:
        chromium.driver.get(f"{served.base}/?token={TOKEN}")
        chromium.driver.find_element(By.ID, "rep").send_keys("browser", Keys.ENTER)  # who is working
        # The plan, and the footer with the browser's keys (shown once the page has the focus).
        plan = chromium.wait_for("contacts to reach today", "Maria Lopez", "f10 Quit")
        assert "rep browser" in plan
        screenshot = tmp_path / "served-plan.png"
        assert chromium.driver.save_screenshot(str(screenshot))
        assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000

        chromium.keys(Keys.ENTER)
        chromium.wait_for("Call 1 of 7", "f9 Save")
        chromium.keys("1")
        chromium.keys("n")
        chromium.keys(NOTE)
        chromium.wait_for(NOTE)
        chromium.keys(Keys.F9)  # save: ctrl+s may be the browser's
        chromium.wait_for("Call 2 of 7")

        # A dropped connection (here a reload) mid-call, at once: the page offers the call back.
        chromium.keys("n")
        chromium.keys(SECOND_NOTE)
        chromium.wait_for(SECOND_NOTE)
        chromium.driver.refresh()
        chromium.wait_for("call 2 of", "Resume")  # the offer wraps where the page is narrow
        chromium.keys(Keys.ENTER)
        chromium.wait_for("Call 2 of 7", SECOND_NOTE)

        # Wrap up; the summary's export downloads in the browser.
        chromium.keys(Keys.ESCAPE)
        time.sleep(0.5)  # escape then a key at once reads as alt+key: the terminal's rule, not a timing test
        chromium.keys("2", "w", Keys.F9)
        chromium.wait_for("Export the session log", "enter downloads it")
        chromium.keys("x")
        chromium.wait_for("and press enter")
        chromium.keys(Keys.ENTER)
        chromium.wait_for("Sent 2 interactions to this browser")
        # Named for the rep and the minute: session-browser-2026-11-23-HHMM.csv
        download = wait_for_file(wait_for_name(tmp_path / "downloads", "session-browser-2026-11-23-[0-9]*.csv"))
        rows = list(csv.DictReader(io.StringIO(download.read_text(encoding="utf-8"))))
        assert [(row["outcome"], row["notes"]) for row in rows] == [("connected", NOTE), ("voicemail", SECOND_NOTE)]
    finally:
        assert served.stop() == 0  # with the tab still open: its app is told to quit

    db = open_store(store)
    try:
        calls = list(Interaction.select().where(Interaction.session.is_null(False)).order_by(Interaction.id))
        assert [(call.outcome, call.notes, call.rep) for call in calls] == [
            ("connected", NOTE, "browser"), ("voicemail", SECOND_NOTE, "browser")]
    finally:
        db.close()
