"""The sample office files in tests/fixtures/ are what tools/make_tabular_fixtures.py builds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from xasach.tabular.reading import read_grid

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_tabular_fixtures.py"


def test_the_committed_fixtures_match_the_script(tmp_path, fixtures_dir):
    spec = importlib.util.spec_from_file_location("make_tabular_fixtures", TOOL)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    built = tool.build(tmp_path)
    assert len(built) == 5
    for path in built:
        committed = fixtures_dir / path.name
        assert committed.exists(), f"run {TOOL.name} and commit {path.name}"
        assert read_grid(committed).rows == read_grid(path).rows, path.name
