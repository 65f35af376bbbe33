"""IMAP IDLE watcher for ``mailpub run``: start a poll as soon as mail arrives.

A thread holds one connection in IDLE on ``imap.folder`` (read-only) and calls
``trigger`` when the server announces new mail; the poll itself runs in the
scheduler as usual. IDLE is renewed every 25 minutes (servers end it after
29). Network errors reconnect with exponential backoff and jitter while the
scheduled polling carries on.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from mailpub.errors import MailpubError

if TYPE_CHECKING:
    from mailpub.config import Config

log = logging.getLogger(__name__)

RENEW_SECONDS = 25 * 60
CHECK_SECONDS = 1.0  # how often a stop request is noticed while idling
MAX_BACKOFF = 300.0


class IdleWatcher(threading.Thread):
    def __init__(self, cfg: Config, trigger: Callable[[], None], stop: threading.Event) -> None:
        super().__init__(name="mailpub-idle", daemon=True)
        self.cfg = cfg
        self.trigger = trigger
        self.stop = stop
        self.renew_seconds = RENEW_SECONDS

    def run(self) -> None:
        delay = 1.0
        while not self.stop.is_set():
            try:
                if not self._watch():
                    return  # the server has no IDLE: scheduled polling only
                delay = 1.0
            except MailpubError as exc:
                wait = delay * (0.5 + random.random())  # jitter: 0.5x to 1.5x
                log.warning("IDLE: %s; reconnecting in %.0f s", exc.message, wait)
                self.stop.wait(wait)
                delay = min(delay * 2, MAX_BACKOFF)

    def _watch(self) -> bool:
        from mailpub.imap import connect

        with connect(self.cfg.imap) as session:
            if not session.supports_idle():
                log.warning("the server does not support IDLE: polling on schedule only")
                return False
            session.select(self.cfg.imap.folder, readonly=True)
            announced = False
            while not self.stop.is_set():
                session.idle_start()
                if not announced:
                    log.info("IDLE: watching %s", self.cfg.imap.folder)
                    announced = True
                # Mail that arrived before IDLE began (after SELECT, a reconnect or a
                # renewal) may have been announced outside it: a poll finds it (and
                # costs next to nothing when there is nothing new).
                self.trigger()
                started = time.monotonic()
                try:
                    while (
                        not self.stop.is_set() and time.monotonic() - started < self.renew_seconds
                    ):
                        if session.idle_check(CHECK_SECONDS):
                            self.trigger()
                finally:
                    session.idle_done()
        return True
