"""Slowing down repeated wrong passwords, without ever locking the data away.

After 3 failures for a name, each further try must wait 2^(n-3) seconds, capped at 5 minutes;
a success clears the count. The counts live beside the database (`<db>.attempts`) because a
wrong password cannot open the database to record anything there.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from xasach.store.atomic import write_atomic

FREE_TRIES = 3
MAX_WAIT_SECONDS = 300


def attempts_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".attempts")


class Backoff:
    def __init__(self, db_path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = attempts_path(db_path)
        self.clock = clock

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def wait_seconds(self, name: str) -> int:
        """Seconds before `name` may try again (0: now)."""
        record = self._load().get(name)
        if not record or record["count"] < FREE_TRIES:
            return 0
        wait = min(2 ** (record["count"] - FREE_TRIES), MAX_WAIT_SECONDS)
        return max(0, int(record["last"] + wait - self.clock() + 0.999))

    def failed(self, name: str) -> None:
        data = self._load()
        record = data.get(name, {"count": 0, "last": 0.0})
        data[name] = {"count": record["count"] + 1, "last": self.clock()}
        write_atomic(self.path, json.dumps(data).encode())

    def succeeded(self, name: str) -> None:
        data = self._load()
        if data.pop(name, None) is not None:
            write_atomic(self.path, json.dumps(data).encode())
