"""Print every form with demo data and write the first page of each as docs/forms/<form>.png.

A commune gets demo data and prints its seven forms; two communes then send their data to a
province office through real sync bundles (key cards, export, import), which prints the four
consolidated forms. The pictures are made with poppler's `pdftoppm` at about 80 dpi; with
`--pdf DIR` the PDFs are kept too. Look at every page: diacritics intact, rules in place,
nothing running over a column.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("XASACH_KDF_PROFILE", "test")  # demo data only: a fast key derivation

from sqlalchemy import select

from xasach.demo import generate_demo
from xasach.domain.periods import Period
from xasach.services import sync_export, sync_import, sync_keys
from xasach.services.auth import login, setup_secure
from xasach.services.printing import all_forms, print_form, save_report_notes
from xasach.services.setup import MODE_COMMUNE, MODE_UPPER
from xasach.store.database import Database
from xasach.store.models import Episode, Person

PASSWORD = "matkhau-demo"
ADMIN = "admin"
REPORT_PERIOD = "2026-Q3"
YEAR = "2026"
NOTES = {
    "tinh_hinh": "Tình hình tội phạm và tệ nạn ma túy trên địa bàn cơ bản được kiểm soát; "
    "không phát sinh điểm, tụ điểm mới trong khu dân cư.",
    "ket_qua": "Duy trì tuyên truyền tại các thôn, tổ dân phố; phối hợp gia đình quản lý "
    "người sau cai nghiện.",
}


def make(folder: Path, name: str, mode: str, unit: str) -> Database:
    path = folder / f"{name}.db"
    setup_secure(path, mode=mode, unit_code=unit, admin=ADMIN, password=PASSWORD)
    return login(path, ADMIN, PASSWORD)


def person_with(db: Database, kind: str) -> str:
    """A person whose latest episode of `kind` exists (the decision is about it)."""
    with db.reader() as s:
        found = s.scalars(
            select(Person.id).join(Episode).where(Episode.kind == kind).order_by(Person.id)
        ).first()
    if found is None:
        raise SystemExit(f"the demo data has no {kind} episode; try another seed")
    return found


def commune_jobs(db: Database) -> dict[str, dict[str, object]]:
    someone = person_with(db, "illegal_use_management")
    return {
        "ho-so-ca-nhan": {"person_id": someone},
        "quyet-dinh-quan-ly-sdtp": {"person_id": someone},
        "quyet-dinh-quan-ly-sau-cai": {"person_id": person_with(db, "post_rehab")},
        "so-tuyen-truyen": {"period": Period.parse(YEAR)},
        "bao-cao-dinh-ky": {"period": Period.parse(REPORT_PERIOD)},
        "tong-hop-tuyen-truyen": {"period": Period.parse(YEAR)},
        "tong-hop-bao-cao": {"period": Period.parse(REPORT_PERIOD)},
    }


def render(db: Database, names: list[str], jobs: dict[str, dict[str, object]], pdfs: Path,
           out: Path, dpi: int, today: date) -> None:  # fmt: skip
    with db.session() as s:
        save_report_notes(s, Period.parse(REPORT_PERIOD), NOTES)
    for name in names:
        pdf = pdfs / f"{name}.pdf"
        with db.session() as s:
            result = print_form(s, name, pdf, today=today, **jobs.get(name, {}))  # type: ignore[arg-type]
        stem = out / name
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(stem)],
            check=True,
        )  # fmt: skip
        print(f"{stem}.png  ({result.pages} pages)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/forms"))
    parser.add_argument("--pdf", type=Path, default=None, help="keep the PDFs in this folder")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed: make look-deps", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    today = date.today()
    forms = all_forms()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdfs = args.pdf or folder / "pdf"
        pdfs.mkdir(parents=True, exist_ok=True)
        upper = make(folder, "upper", MODE_UPPER, "01")
        communes = [make(folder, f"c{unit}", MODE_COMMUNE, unit) for unit in ("00070", "00073")]
        cards = folder / "cards"
        cards.mkdir()
        for i, db in enumerate(communes):
            generate_demo(db, persons=120 - 40 * i, hotspots=12, activities=120, seed=args.seed + i,
                          today=today)  # fmt: skip
            sync_keys.import_card(db, sync_keys.export_card(upper, cards), verified=True)
            sync_keys.import_card(upper, sync_keys.export_card(db, cards), verified=True)
            sent = sync_export.export_bundle(db, folder / "bundles")
            assert sent is not None
            sync_import.import_paths(upper, [sent.path], receipts=folder / "receipts")
        jobs = commune_jobs(communes[0])
        render(communes[0], [f.name for f in forms if not f.name.startswith("tong-hop")], jobs,
               pdfs, args.out, args.dpi, today)  # fmt: skip
        render(upper, [f.name for f in forms if f.name.startswith("tong-hop")], jobs, pdfs,
               args.out, args.dpi, today)  # fmt: skip
        for db in (upper, *communes):
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
