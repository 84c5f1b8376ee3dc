from xasach.store import kdf


def test_calibration_never_goes_below_rfc_9106_and_takes_long_enough(monkeypatch):
    import time

    monkeypatch.delenv("XASACH_KDF_PROFILE", raising=False)
    m, t, p = kdf.calibrate(target_seconds=0.05)
    assert (m, t, p) >= (kdf.FLOOR_M_KIB, kdf.FLOOR_T, kdf.FLOOR_P)
    assert m >= kdf.FLOOR_M_KIB and t >= kdf.FLOOR_T and p == kdf.FLOOR_P
    started = time.perf_counter()
    kdf.derive(b"x", kdf.new_params((m, t, p)))
    assert time.perf_counter() - started >= 0.04


def test_the_fast_profile_needs_the_test_switch(monkeypatch):
    monkeypatch.setenv("XASACH_KDF_PROFILE", "test")
    assert kdf.calibrate() == (1024, 1, 1)
    monkeypatch.setenv("XASACH_KDF_PROFILE", "fast please")
    assert kdf.calibrate(target_seconds=0.0)[0] >= kdf.FLOOR_M_KIB


def test_params_round_trip():
    params = kdf.new_params((65536, 3, 4))
    assert kdf.KdfParams.from_json(params.to_json()) == params
