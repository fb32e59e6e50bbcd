"""What screens need for their store work, below both the app and the screens.

Store work runs in thread workers, and Peewee keeps one connection per thread: a
worker closes its own when done (`close_thread_connection`). `OutreachApp` (app.py)
inherits `StoreWorkers`, whose methods a screen calls through `self.app`; no screen
imports app.py. They use attributes the app's `__init__` sets: target, store_bound,
store_failure, library, cue_templates, load_warnings, user_dir, _library_lock.
Nothing here imports the store up front: the first frame does not wait for Peewee.
"""

from __future__ import annotations

from textual import work


def close_thread_connection() -> None:
    """Close this worker thread's own database connection (Peewee keeps one per thread)."""
    from outreach_tui.store.models import database

    try:
        if not database.is_closed() and not database.in_transaction():
            database.close()
    except Exception:  # closing is best effort; the thread ends anyway
        pass


class StoreWorkers:
    """Binding the store, loading the script library, and writes that outlive a screen."""

    def bind_store(self) -> bool:
        """Bind the models to the store, once: one the command line's reader found current.

        The plan screen calls this once its first frame is drawn (that frame shows the
        reader's plan: it need not wait for Peewee's import and the store's checks,
        ~20 ms), and so does whatever needs the store sooner: a key typed ahead. False
        when the store changed in the moment since the reader looked: the app ends,
        and `run_app` raises what was wrong for the command line to say in one line.
        """
        if self.store_bound:
            return True
        from outreach_tui.store.connection import StoreError, open_store

        try:
            open_store(self.target, create=False, upgrade=False)
        except StoreError as exc:
            self.store_failure = exc
            self.exit(return_code=1)
            return False
        self.store_bound = True
        self.check_pages_after_first_frame()
        return True

    def check_pages_after_first_frame(self) -> None:
        """Start `refuse_a_damaged_store` once the first frame is drawn: reading every page of a big
        store took a core from the first frame (≈40 ms of it on a million contacts, two cores)."""
        self.call_after_refresh(self.refuse_a_damaged_store)

    @work(thread=True, group="integrity", exit_on_error=False)
    def refuse_a_damaged_store(self) -> None:
        """Read every page of a SQLite store once, beside the first screen: one the integrity check
        finds damaged ends the app before anything is written into it, and the command line says
        which copy to restore (as every command that writes does)."""
        from outreach_tui.store.connection import damage_found

        failure = damage_found(self.target)
        if failure is not None:
            self.call_from_thread(self._end_on, failure)

    def _end_on(self, failure: Exception) -> None:
        self.store_failure = failure
        self.exit(return_code=1)

    def ensure_library(self) -> None:
        """Scripts and cue wording, the rep's own files over the built-ins (call from a worker)."""
        if self.library is not None:
            return
        from outreach_tui.core.cues import load_cue_templates
        from outreach_tui.core.scripts import load_scripts

        with self._library_lock:  # two workers may ask at once; load the files once
            if self.library is not None:
                return
            folder = self.user_dir
            cue_templates = load_cue_templates(folder)
            library = load_scripts(folder / "scripts" if folder else None)
            self.load_warnings = [*library.warnings, *cue_templates.warnings]
            self.cue_templates = cue_templates
            self.library = library

    @work(thread=True, group="writes", exit_on_error=False)
    def write_in_background(self, write, *args) -> None:
        """A small write that must happen even if the screen asking for it goes away."""
        try:
            write(*args)
        except Exception as exc:
            self.call_from_thread(self.notify, f"Could not save: {exc}", severity="error", markup=False)
        finally:
            close_thread_connection()
