"""Password → key-encryption key with Argon2id, calibrated on the machine at set-up.

SECURITY.md: 0.5–1 s, never below RFC 9106's low-memory profile (m = 64 MiB, t = 3, p = 4).
The test suite alone may ask for a fast profile (`XASACH_KDF_PROFILE=test`); the parameters
are stored in each key slot and bound to it, so they cannot be lowered afterwards.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

FLOOR_M_KIB, FLOOR_T, FLOOR_P = 64 * 1024, 3, 4
MAX_M_KIB = 256 * 1024
TARGET_SECONDS = 0.5
KEY_BYTES = 32
#: Upper bounds accepted when reading a slot (4 GiB, 64 passes, 16 lanes).
MAX_STORED_M_KIB, MAX_STORED_T, MAX_STORED_P = 4 * 1024 * 1024, 64, 16


@dataclass(frozen=True)
class KdfParams:
    m_kib: int
    t: int
    p: int
    salt: bytes

    def to_json(self) -> dict[str, object]:
        return {
            "alg": "argon2id",
            "m": self.m_kib,
            "t": self.t,
            "p": self.p,
            "salt": self.salt.hex(),
        }

    @classmethod
    def from_json(cls, doc: dict[str, object]) -> KdfParams:
        """Parse stored parameters, refusing any that would exhaust the machine (an altered
        slot file must not be able to ask Argon2 for 64 GiB)."""
        if doc.get("alg") != "argon2id":
            raise ValueError("unknown KDF")
        m, t, p = int(str(doc["m"])), int(str(doc["t"])), int(str(doc["p"]))
        if not (8 <= m <= MAX_STORED_M_KIB and 1 <= t <= MAX_STORED_T and 1 <= p <= MAX_STORED_P):
            raise ValueError("KDF parameters out of range")
        return cls(m, t, p, bytes.fromhex(str(doc["salt"])))


def derive(secret: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret,
        params.salt,
        time_cost=params.t,
        memory_cost=params.m_kib,
        parallelism=params.p,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _test_profile() -> bool:
    return os.environ.get("XASACH_KDF_PROFILE") == "test"


def calibrate(target_seconds: float = TARGET_SECONDS) -> tuple[int, int, int]:
    """(m_kib, t, p) taking at least `target_seconds` here: memory first (up to 256 MiB),
    then passes. Starts at the RFC 9106 floor and never goes below it."""
    if _test_profile():
        return 1024, 1, 1
    m, t, p = FLOOR_M_KIB, FLOOR_T, FLOOR_P
    probe = KdfParams(m, t, p, os.urandom(16))
    while True:
        started = time.perf_counter()
        derive(b"calibration", probe)
        if time.perf_counter() - started >= target_seconds:
            return m, t, p
        if m < MAX_M_KIB:
            m *= 2
        else:
            t += 1
        probe = KdfParams(m, t, p, probe.salt)


def new_params(calibrated: tuple[int, int, int]) -> KdfParams:
    m, t, p = calibrated
    return KdfParams(m, t, p, os.urandom(16))
