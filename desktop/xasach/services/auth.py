"""Logging in and managing users: key slots, roles and the audit trail together.

A successful unwrap of the user's key slot *is* the password check; the data key it yields
opens the encrypted database. Wrong passwords slow down (services.backoff), never lock out.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from xasach.domain.errors import DomainError
from xasach.domain.roles import Actor, Permission, Role, require
from xasach.i18n import _
from xasach.services.backoff import Backoff
from xasach.services.setup import init_installation
from xasach.store import audit
from xasach.store.database import Database
from xasach.store.engine import create_store_engine
from xasach.store.errors import StoreError
from xasach.store.kdf import calibrate, new_params
from xasach.store.keyslots import (
    RECOVERY,
    SlotError,
    SlotFile,
    WrongSecret,
    new_data_key,
    new_recovery_code,
    slot_path,
)
from xasach.store.models import AppUser, utcnow

MIN_PASSWORD = 8
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
RECOVERY_NAME = "__recovery__"


@dataclass(frozen=True)
class SetupResult:
    unit_name: str
    recovery_code: str


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD), "password"
        )


def check_username(username: str) -> None:
    if not USERNAME.match(username):
        raise DomainError(
            _(
                "A user name has 2–40 characters: lower-case letters without accents, digits, "
                "dot, dash or underscore (e.g. “nguyenvan.a”)."
            ),
            "username",
        )


def setup_secure(
    path: Path,
    *,
    mode: str,
    unit_code: str,
    admin: str,
    password: str,
    name: str | None = None,
    full_name: str = "",
) -> SetupResult:
    """Create an encrypted installation with its administrator and recovery slot."""
    check_username(admin)
    check_password(password)
    path = Path(path)
    keys = slot_path(path)
    if path.exists() or keys.exists():
        raise StoreError(
            _("{path} already exists. Choose another file name or open it instead.").format(
                path=path if path.exists() else keys
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    data_key, code = new_data_key(), new_recovery_code()
    slots = SlotFile(database_id=str(uuid.uuid4()))
    params = calibrate()
    slots.add(data_key, password, new_params(params), user=admin)
    slots.add(data_key, code, new_params(params), user=None, kind=RECOVERY)
    slots.save(keys)
    try:
        unit_name = init_installation(
            path,
            mode=mode,
            unit_code=unit_code,
            name=name,
            key=data_key,
            database_id=slots.database_id,
            admin=AppUser(
                username=admin, full_name=full_name, role=Role.ADMIN.value, created_at=utcnow()
            ),
        )
    except BaseException:
        keys.unlink(missing_ok=True)
        raise
    return SetupResult(unit_name, code)


def _load_slots(path: Path) -> SlotFile:
    keys = slot_path(path)
    if not Path(path).exists():
        Database.open(path)  # raises the "does not exist" message
    if not keys.exists():
        if _is_plain(path):
            raise StoreError(
                _(
                    "{path} is not encrypted yet (made by an older version). Protect it now with "
                    "“xasach encrypt”."
                ).format(path=path)
            )
        raise StoreError(
            _(
                "The key file {keys} is missing, so {path} cannot be opened. Copy the .keys file "
                "that belongs with it, or restore from a backup."
            ).format(keys=keys, path=path)
        )
    try:
        return SlotFile.load(keys)
    except SlotError as exc:
        raise StoreError(
            _("The key file {keys} is damaged. Restore it from a backup.").format(keys=keys)
        ) from exc


def _is_plain(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _open_with_keys(path: Path, slots: SlotFile, key: bytes, pending: bytes | None) -> Database:
    """Open with the data key; finish or undo a re-key that a crash interrupted."""
    try:
        db = Database.open(path, key)
    except StoreError:
        if pending is None:
            raise
        db = Database.open(path, pending)
        slots.commit_new_data_key()
        slots.save(slot_path(path))
        return db
    if pending is not None:  # staged, never applied: forget it
        for slot in slots.slots:
            slot.pending_data_key = None
        slots.save(slot_path(path))
    return db


def _wrong_login() -> DomainError:
    return DomainError(_("Wrong user name or password. Check them and try again."), "password")


def _check_wait(backoff: Backoff, name: str) -> None:
    wait = backoff.wait_seconds(name)
    if wait:
        raise DomainError(
            _("Too many wrong passwords. Wait {n} seconds, then try again.").format(n=wait),
            "password",
        )


def login(path: Path, username: str, password: str, *, backoff: Backoff | None = None) -> Database:
    """Open the database as `username`; the audit trail records the login."""
    path = Path(path)
    slots = _load_slots(path)
    backoff = backoff or Backoff(path)
    _check_wait(backoff, username)
    try:
        key, pending = slots.open(password, user=username)
    except (WrongSecret, SlotError):
        backoff.failed(username)
        raise _wrong_login() from None
    db = _open_with_keys(path, slots, key, pending)
    with db.reader() as s:
        user = s.get(AppUser, username)
    if user is None or not user.active:
        db.close()
        raise _wrong_login()
    db.actor = Actor(username, Role(user.role))
    with db.session() as s:
        audit.append(s, username, "login")
    backoff.succeeded(username)
    return db


def reset_password_with_recovery(
    path: Path, code: str, username: str, new_password: str, *, backoff: Backoff | None = None
) -> None:
    """Forgotten password: the recovery code from the safe sets a new one."""
    check_password(new_password)
    path = Path(path)
    slots = _load_slots(path)
    backoff = backoff or Backoff(path)
    _check_wait(backoff, RECOVERY_NAME)
    try:
        key, pending = slots.open(code, user=None, kind=RECOVERY)
    except (WrongSecret, SlotError):
        backoff.failed(RECOVERY_NAME)
        raise DomainError(_("The recovery code is wrong. Check the 30 digits."), "code") from None
    db = _open_with_keys(path, slots, key, pending)
    try:
        with db.session() as s:
            user = s.get(AppUser, username)
            if user is None or not user.active:
                raise DomainError(_("There is no active user “{name}”.").format(name=username))
            slots.add(
                key if pending is None else db.key or key,
                new_password,
                new_params(calibrate()),
                user=username,
            )
            slots.save(slot_path(path))
            audit.append(s, "recovery", "passwd", "user", username)
        backoff.succeeded(RECOVERY_NAME)
    finally:
        db.close()


def add_user(
    db: Database,
    username: str,
    password: str,
    role: Role | str,
    *,
    full_name: str = "",
    title: str = "",
) -> None:
    require(db.actor, Permission.MANAGE_USERS)
    check_username(username)
    check_password(password)
    role = Role(role)
    slots = _load_slots(db.path)
    with db.session() as s:
        if s.get(AppUser, username) is not None:
            raise DomainError(
                _("The user “{name}” already exists.").format(name=username), "username"
            )
        s.add(
            AppUser(
                username=username,
                full_name=full_name,
                title=title,
                role=role.value,
                created_at=utcnow(),
            )
        )
        assert db.key is not None
        slots.add(db.key, password, new_params(calibrate()), user=username)
        slots.save(slot_path(db.path))
        audit.append(s, db.actor.username, "user_add", "user", username, {"role": role.value})  # type: ignore[union-attr]


def change_password(db: Database, username: str, new_password: str) -> None:
    """Users change their own password; the administrator may set anyone's."""
    actor = (
        require(db.actor, Permission.VIEW_REPORTS)
        if db.actor and db.actor.username == username
        else require(db.actor, Permission.MANAGE_USERS)
    )
    check_password(new_password)
    slots = _load_slots(db.path)
    with db.session() as s:
        user = s.get(AppUser, username)
        if user is None or not user.active:
            raise DomainError(_("There is no active user “{name}”.").format(name=username))
        assert db.key is not None
        slots.add(db.key, new_password, new_params(calibrate()), user=username)
        slots.save(slot_path(db.path))
        audit.append(s, actor.username, "passwd", "user", username)


def remove_user(db: Database, username: str) -> None:
    """Remove a user's slot and re-key the database, so an old copy of the slot file can no
    longer open it. The user row stays (inactive) for the audit trail."""
    actor = require(db.actor, Permission.MANAGE_USERS)
    if username == actor.username:
        raise DomainError(_("You cannot remove yourself. Ask another administrator."))
    slots = _load_slots(db.path)
    with db.reader() as s:
        user = s.get(AppUser, username)
        admins = s.scalars(
            select(AppUser.username).where(AppUser.role == Role.ADMIN.value, AppUser.active)
        ).all()
    if user is None or not user.active:
        raise DomainError(_("There is no active user “{name}”.").format(name=username))
    if user.role == Role.ADMIN.value and len(admins) <= 1:
        raise DomainError(_("The last administrator cannot be removed."))
    new_key = secrets.token_bytes(32)
    slots.remove_user(username)
    slots.stage_new_data_key(new_key)
    slots.save(slot_path(db.path))
    rekey(db, new_key)
    slots.commit_new_data_key()
    slots.save(slot_path(db.path))
    with db.session() as s:
        s.get(AppUser, username).active = False  # type: ignore[union-attr]
        audit.append(s, actor.username, "user_remove", "user", username)


def rekey(db: Database, new_key: bytes) -> None:
    """Re-encrypt every page under `new_key` (SQLCipher PRAGMA rekey), then reconnect."""
    db.engine.dispose()
    with db.engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    db.replace_engine(create_store_engine(db.path, new_key), new_key)


def list_users(db: Database) -> list[AppUser]:
    require(db.actor, Permission.MANAGE_USERS)
    with db.reader() as s:
        return list(s.scalars(select(AppUser).order_by(AppUser.username)))
