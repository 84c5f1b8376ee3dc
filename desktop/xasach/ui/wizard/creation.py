"""Creating the installation the wizard describes: one job, all or nothing.

`setup_secure` already leaves nothing behind when it fails. The wizard then logs in and adds the
villages; if that fails, or the officer cancels, the brand-new files are removed too — nobody
has seen the recovery code yet, so nothing of value is lost, and the next try starts clean.
No Qt here: the wizard runs this through `run_job`, off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xasach.services.auth import login, setup_secure
from xasach.services.backoff import attempts_path
from xasach.services.villages import add_villages, set_user_title
from xasach.store.database import Database
from xasach.store.keyslots import slot_path
from xasach.store.lock import lock_path

STEPS = 3


@dataclass(frozen=True)
class SetupRequest:
    """Everything the officer entered in the wizard."""

    path: Path
    mode: str
    unit_code: str
    admin: str
    password: str = field(repr=False)
    full_name: str = ""
    title: str = ""
    villages: tuple[str, ...] = ()


@dataclass
class Created:
    """The new installation: logged in as its administrator, with the recovery code to show."""

    database: Database
    unit_name: str
    recovery_code: str = field(repr=False)


def created_files(path: Path) -> list[Path]:
    """Every file an installation at `path` may have made so far."""
    path = Path(path)
    sidecars = [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]
    return [path, slot_path(path), *sidecars, lock_path(path), attempts_path(path)]


def remove_installation(path: Path) -> None:
    for leftover in created_files(path):
        leftover.unlink(missing_ok=True)


def create_installation(request: SetupRequest, progress: Callable[[int, int], None]) -> Created:
    """setup_secure → login → villages and title; `progress` may raise to cancel."""
    progress(0, STEPS)
    result = setup_secure(
        request.path,
        mode=request.mode,
        unit_code=request.unit_code,
        admin=request.admin,
        password=request.password,
        full_name=request.full_name,
    )
    db: Database | None = None
    try:
        progress(1, STEPS)
        db = login(request.path, request.admin, request.password)
        progress(2, STEPS)
        with db.session() as s:
            if request.villages:
                add_villages(s, request.villages)
            if request.title.strip():
                set_user_title(s, request.admin, request.title)
        progress(STEPS, STEPS)
    except BaseException:
        if db is not None:
            db.close()
        remove_installation(request.path)
        raise
    return Created(db, result.unit_name, result.recovery_code)
