"""Work done beside the build, in one process forked from it, while the build goes on.

A build uses one core; a second one is often idle. A `Worker` is forked once the work it will do
is set up, so it runs code and data it inherited: nothing of them is pickled, only the jobs
(plain values) and the answers (None, or the text of what stops the build) travel by queue, one
answer per job, in order. Where a fork is not possible or gains nothing (one core, a platform
without fork), `start` gives None and the caller does the work itself.

Pure: no MkDocs import; hooks/traditional.py uses it for the 繁體中文 copies.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import traceback
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Callable

POLL_SECONDS = 1  # how often a wait for an answer checks that the process is still there


@dataclass
class Worker:
    what: str  # what it makes, for a message: "the 繁體中文 copies"
    process: BaseProcess
    jobs: Queue
    answers: Queue
    sent: int = 0

    @classmethod
    def start(cls, what: str, work: Callable[..., None], expected: type[Exception]) -> Worker | None:
        """A process calling `work(*job)` for each job; an `expected` error is answered with its
        text, any other with its traceback."""
        if (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
            return None
        context = mp.get_context("fork")
        jobs, answers = context.Queue(), context.Queue()
        process = context.Process(target=_serve, args=(work, expected, jobs, answers), daemon=True)
        process.start()
        return cls(what, process, jobs, answers)

    def submit(self, job: tuple) -> None:
        self.jobs.put(job)
        self.sent += 1

    def finish(self) -> str | None:
        """Wait for every answer; the first problem, or None. Stops the process either way."""
        try:
            self.jobs.put(None)
            answers = (self._answer() for _ in range(self.sent))
            return next((answer for answer in answers if answer), None)
        finally:
            self.stop()

    def stop(self) -> None:
        # Jobs no process will read may still sit in the queue's buffer: the build must not wait
        # for them at exit.
        self.jobs.cancel_join_thread()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()

    def _answer(self) -> str | None:
        while True:
            try:
                return self.answers.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self.process.is_alive():
                    return (f"the process writing {self.what} stopped (exit code {self.process.exitcode}); "
                            "run the build again")


def _serve(work: Callable[..., None], expected: type[Exception], jobs: Queue, answers: Queue) -> None:
    for job in iter(jobs.get, None):
        try:
            work(*job)
            answers.put(None)
        except expected as error:
            answers.put(str(error))
        except Exception:  # noqa: BLE001 - any failure must reach the build, which stops
            answers.put(traceback.format_exc())
