"""The server's corpus-run worker: a pool of threads executing queued runs.

The web app makes one :class:`RunWorker` and starts it with the app::

    worker = RunWorker(platform)      # JINGSHU_CORPUS_RUN_WORKERS threads
    worker.start()                    # fail runs a killed server left running; pick up queued
    worker.enqueue(run.id)            # after the submitting request committed
    worker.close()                    # at shutdown: running runs stop and are marked failed

Runs execute in the server process, one per thread; the recipe's operators are pure
Python and release little of the GIL, so more threads mostly help when runs wait on
storage. One server process owns the queue: with several processes over one
database, each would fail the others' running runs at its start.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from jingshu.corpus.runs import RunStatus, execute, recover
from jingshu.platform import Platform

__all__ = ["RunWorker"]

_log = logging.getLogger(__name__)


class RunWorker:
    """Executes queued corpus runs on ``workers`` threads (default: the setting)."""

    def __init__(self, platform: Platform, workers: int | None = None) -> None:
        self.platform = platform
        self.size = workers or platform.settings.corpus_run_workers
        self._pool = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="corpus-run")
        self._stop = threading.Event()

    def start(self) -> list[int]:
        """Recover after a restart and queue the waiting runs; returns their ids."""
        queued = recover(self.platform)
        for run_id in queued:
            self.enqueue(run_id)
        return queued

    def enqueue(self, run_id: int) -> Future[RunStatus | None]:
        """Execute run ``run_id`` when a thread is free (a run taken already is skipped)."""
        return self._pool.submit(self._execute, run_id)

    def close(self, *, wait: bool = True) -> None:
        """Stop: queued runs stay queued (picked up at the next start); running runs stop
        at their next batch and are marked failed."""
        self._stop.set()
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def _execute(self, run_id: int) -> RunStatus | None:
        try:
            return execute(self.platform, run_id, stop=self._stop)
        except Exception:  # the run's own errors are recorded; this is the database failing
            _log.exception("corpus run %s: could not record its outcome", run_id)
            raise
