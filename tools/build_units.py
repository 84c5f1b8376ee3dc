"""Build resources/units/units.csv, the shipped list of administrative units.

Source: the maintained PyPI package `vietnam-provinces` (data of the 2025 reform: 34 provinces,
3,321 communes, codes per QĐ 19/2025/QĐ-TTg), plus the corrections in
resources/units/corrections.csv for changes after that data was cut (each with its source).
Run: .venv/bin/python tools/build_units.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import Province, Ward

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "units" / "units.csv"
CORRECTIONS = ROOT / "resources" / "units" / "corrections.csv"


def main() -> None:
    rows: dict[str, dict[str, str]] = {}
    for p in Province.iter_all():
        code = f"{p.code.value:02d}"
        rows[code] = {"code": code, "level": "province", "name": p.name, "parent_code": ""}
    for w in Ward.iter_all():
        code = f"{w.code.value:05d}"
        parent = f"{w.province_code.value:02d}"
        rows[code] = {"code": code, "level": "commune", "name": w.name, "parent_code": parent}
    with CORRECTIONS.open(encoding="utf-8", newline="") as fh:
        for fix in csv.DictReader(fh):
            rows[fix["code"]]["name"] = fix["name"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            f"# source: vietnam-provinces {vietnam_provinces.__version__} "
            f"(data {vietnam_provinces.__data_version__}) + corrections.csv\n"
        )
        writer = csv.DictWriter(fh, fieldnames=["code", "level", "name", "parent_code"])
        writer.writeheader()
        for code in sorted(rows, key=lambda c: (len(c), c)):
            writer.writerow(rows[code])
    print(f"{OUT}: {len(rows)} units")


if __name__ == "__main__":
    main()
