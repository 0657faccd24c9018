"""The slow half of a partial rebuild: the search index, the open data and the PDF, written after the page shows.

Under ``mkdocs serve`` the pages an edit shows on are built first, and the browser reloads;
then one worker thread writes what covers the whole dossier. A later edit supersedes the
work still queued: the worker finishes the step it is in (a step cannot be stopped halfway
without leaving half-written files) and starts on the newer one, so the files always end as
the last edit makes them. ``serve-status.json`` in the site says how far it is, for the
notice the served pages show (``theme/assets/serve-status.js``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STATUS = "serve-status.json"

Step = tuple[str, Callable[[], str]]  # what it writes ("search index"), and the function (returns a log line)


@dataclass
class _Job:
    number: int
    steps: list[Step]
    started: float


class Background:
    """One worker for the site at ``site``; :meth:`submit` hands it the newest edit's steps."""

    def __init__(self, site: Path, log: logging.Logger) -> None:
        self.site = site
        self.log = log
        self._lock = threading.Condition()
        self._latest: _Job | None = None
        self._number = 0
        self._idle = True
        threading.Thread(target=self._work, name="treaty-dossier-background", daemon=True).start()

    def submit(self, steps: list[Step]) -> None:
        with self._lock:
            self._number += 1
            self._latest = _Job(self._number, steps, time.time())
            self._write_status("updating", [name for name, _ in steps], [])
            self._lock.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or running (a full build must not race the worker); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._idle and self._latest is None, timeout)

    def _superseded(self, job: _Job) -> bool:
        with self._lock:
            return self._latest is not None and self._latest.number != job.number

    def _work(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._latest is not None)
                job, self._latest, self._idle = self._latest, None, False
            assert job is not None
            done: list[str] = []
            failed = ""
            for name, step in job.steps:
                if self._superseded(job):
                    break
                try:
                    self.log.info(step())
                    done.append(name)
                except Exception as error:  # reported in the terminal and the notice; the pages are already served
                    failed = f"{name}: {error}"
                    self.log.error(f"Updating the {failed}")
                    break
            with self._lock:
                if self._latest is None:  # the newest edit's work is over
                    state = "failed" if failed else "done"
                    self._write_status(state, [n for n, _ in job.steps], done, failed, time.time() - job.started)
                self._idle = True
                self._lock.notify_all()

    def _write_status(self, state: str, steps: list[str], done: list[str], failed: str = "", seconds: float = 0.0) -> None:
        status = {
            "state": state,
            "steps": steps,
            "done": done,
            "failed": failed,
            "seconds": round(seconds, 1),
            "at": round(time.time(), 1),  # when this was written: a page loaded just after the work ended says so too
        }
        path = self.site / STATUS
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(status), encoding="utf-8")
        partial.replace(path)
