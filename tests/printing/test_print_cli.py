"""`xasach print --list` and `xasach print FORM --out FILE.pdf`."""

from __future__ import annotations

import pytest

from xasach.cli import main

from .conftest import pdf_text
from conftest import PASSWORD


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("XASACH_PASSWORD", PASSWORD)
    monkeypatch.delenv("XASACH_USER", raising=False)


def test_print_list_gives_one_form_per_line_name_first(demo, capsys):
    path = str(demo.path)
    demo.close()
    assert main(["--db", path, "print", "--list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 7
    name, title = lines[0].split("\t")
    assert name == "danh-sach-quan-ly" and "Danh sách" in title


def test_print_writes_the_pdf_with_a_vietnamese_file_name(demo, tmp_path, capsys):
    path = str(demo.path)
    demo.close()
    out = tmp_path / "Báo cáo quý III.pdf"
    code = main(
        ["--db", path, "print", "bao-cao-dinh-ky", "--period", "2026-Q3", "--out", str(out)]
    )
    assert code == 0 and out.exists()
    assert "01/BC-UBND" in capsys.readouterr().out
    assert "Phường Hoàn Kiếm" in pdf_text(out)[0]


def test_an_unknown_form_exits_1_with_one_line(demo, tmp_path, capsys):
    path = str(demo.path)
    demo.close()
    code = main(["--db", path, "print", "khong-co", "--out", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "khong-co" in err
