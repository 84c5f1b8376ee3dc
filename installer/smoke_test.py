"""Smoke test of the frozen build (`make dist-check`): the program in `dist/XaSach/`, not the
source tree, does an officer's whole round in a throw-away home folder.

Steps: --version; a commune and an upper level created; demo data; counts in Vietnamese and
English; legal deadlines (working days); one form printed to PDF (pages and Vietnamese text
checked); key cards exchanged; a bundle exported, imported at the upper level, its receipt
imported at the commune; a backup; the audit trail verified; the desktop app started headless
(login window, first-run wizard); portable mode (data beside the executable); on Linux,
Vietnamese sorting, month, time-zone and upper-case text through the bundle's Qt and its
trimmed ICU; the bundle's size (under 150 MB). Every step runs even when an earlier one
failed, so one run shows everything that is broken. Afterwards the bundle folder must be
unchanged (the app never writes into it), and with --trace-opens (strace) no file of the
source tree may have been opened.

Run: .venv/bin/python installer/smoke_test.py [dist/XaSach/XaSach] [--trace-opens]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_support as bs

ROOT = bs.ROOT
PASSWORD = "Smoke-test-Passw0rd-2026"
COMMUNE, UPPER = "00070", "01"  # Phường Hoàn Kiếm, Thành phố Hà Nội
FORM = "danh-sach-quan-ly"
PERSONS = 40
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯảãạằẳẵắặầẩẫấậẻẽẹềểễếệỉĩịỏõọồổỗốộờởỡớợủũụừửữứựỳỷỹỵ")
GUI_SECONDS = 4
#: `du -sb` of the bundle must stay under this (README, "Size").
SIZE_LIMIT = 150_000_000
#: Vietnamese alphabetical order (A < Ă < Â, D < Đ, O < Ô < Ơ, U < Ư): ICU's root order, which
#: the collation would fall back to without its Vietnamese data, puts these differently.
VIETNAMESE_ORDER = [
    "An Văn Bé",
    "Ăn Văn Ba",
    "Ân Văn An",
    "Bùi Thị Hà",
    "Dương Văn Cường",
    "Đặng Văn Bình",
    "Ông Văn Ích",
    "Ơn Thị Lụa",
    "Uông Văn Em",
    "Ư Thị Dung",
]
#: Run by the checkout's Python: its PySide6 bindings drive the bundle's own Qt Core, loaded
#: first by path, which takes the bundle's (trimmed) ICU beside it. The frozen program itself
#: runs no Python code given to it, and the app has no command that sorts with QCollator.
ICU_CHECK = """
import ctypes, json, os, sys
qt_lib, names = sys.argv[1], json.loads(sys.argv[2])
ctypes.CDLL(os.path.join(qt_lib, "libQt6Core.so.6"), mode=os.RTLD_GLOBAL)
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
vi = QLocale("vi_VN")
zone = QTimeZone(b"Asia/Ho_Chi_Minh")
with open("/proc/self/maps") as maps:
    loaded = {line.split()[-1] for line in maps if "libicu" in line or "libQt6Core" in line}
print(json.dumps({
    "loaded": sorted(loaded),
    "sorted": sorted(names, key=QCollator(vi).sortKey),
    "months": [vi.monthName(month) for month in range(1, 13)],
    "upper": vi.toUpper("đường phố"),
    "zone": zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, vi),
    "windows-1258": QStringDecoder("windows-1258").isValid(),
}))
"""


class StepError(Exception):
    pass


@dataclass
class Run:
    exe: Path
    tmp: Path
    trace: bool
    results: list[tuple[str, bool, float, str]] = field(default_factory=list)
    traces: list[Path] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "XASACH_", "VIRTUAL_ENV", "QT_", "XDG_"))
        }
        home = self.tmp / "home"
        env.update(
            HOME=str(home),
            USERPROFILE=str(home),
            LOCALAPPDATA=str(home / "AppData" / "Local"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CONFIG_HOME=str(home / ".config"),
            QT_QPA_PLATFORM="offscreen",
            XASACH_PASSWORD=PASSWORD,
            XASACH_NEW_PASSWORD=PASSWORD,
            LANG="C.UTF-8",
        )
        env.update(extra)
        return env

    def xasach(
        self,
        *args: str | Path,
        exe: Path | None = None,
        ok: bool = True,
        timeout: int = 120,
        **env: str,
    ) -> subprocess.CompletedProcess[str]:
        command = [str(exe or self.exe), *map(str, args)]
        if self.trace:
            log = self.tmp / "traces" / f"{len(self.traces):03d}.log"
            log.parent.mkdir(exist_ok=True)
            self.traces.append(log)
            trace = ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(log)]
            command = trace + command
        # A new process group, so a hung program (and strace's child) is killed as a whole.
        with subprocess.Popen(
            command,
            cwd=self.tmp,
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=os.name != "nt",
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                if os.name != "nt":
                    os.killpg(process.pid, signal.SIGKILL)
                process.kill()
                process.communicate()
                what = " ".join(map(str, args))
                raise StepError(f"`{what}` still running after {timeout} s") from None
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        if ok and done.returncode != 0:
            raise StepError(
                f"`{' '.join(map(str, args))}` exited {done.returncode}: "
                f"{(done.stderr or done.stdout).strip()[-600:]}"
            )
        return done

    def step(self, name: str, action: Callable[[], str]) -> None:
        start = time.monotonic()
        try:
            note, passed = action(), True
        except Exception as exc:  # every step runs; each failure is reported with its reason
            note, passed = str(exc) or type(exc).__name__, False
        elapsed = time.monotonic() - start
        self.results.append((name, passed, elapsed, note))
        mark = "ok  " if passed else "FAIL"
        print(f"{mark} {name:<38} {elapsed:6.1f} s  {note}", flush=True)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and link in the bundle with its size and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def pdf_facts(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader  # a dev dependency of the checkout running this test

    reader = PdfReader(str(path))
    return len(reader.pages), "".join(page.extract_text() or "" for page in reader.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Windows: the console program; the windowed XaSach.exe has no output to check.
    default_exe = ROOT / "dist" / "XaSach" / ("xasach-cli.exe" if os.name == "nt" else "XaSach")
    parser.add_argument("exe", type=Path, nargs="?", default=default_exe)
    parser.add_argument(
        "--trace-opens",
        action="store_true",
        help="run every command under strace and fail if a file of the source tree was opened",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    exe = args.exe.resolve()
    if not exe.is_file():
        print(f"No frozen program at {exe}: run `make dist` first.", file=sys.stderr)
        return 1
    if args.trace_opens and not shutil.which("strace"):
        print("--trace-opens needs strace (apt-get install strace).", file=sys.stderr)
        return 1
    bundle = exe.parent
    before = snapshot(bundle)
    tmp = Path(tempfile.mkdtemp(prefix="xasach-smoke-"))
    run = Run(exe, tmp, args.trace_opens)
    commune, upper = tmp / "commune" / "xasach.db", tmp / "upper" / "xasach.db"
    cards, bundles, receipts = tmp / "cards", tmp / "bundles", tmp / "receipts"
    for folder in (cards, bundles, receipts):
        folder.mkdir()
    print(f"Frozen program: {exe}\nTemporary folder: {tmp}")
    _, version = bs.app_metadata()

    def check_version() -> str:
        out = run.xasach("--version").stdout.strip()
        assert out == f"XaSach {version}", f"--version printed {out!r}"
        return out

    def init_commune() -> str:
        out = run.xasach("--db", commune, "init", "--commune", COMMUNE).stdout
        assert commune.exists(), "no data file"
        assert re.search(r"(\d{5} ){5}\d{5}", out), "no recovery code on the sheet"
        return f"{commune.name} {commune.stat().st_size // 1024} KB, recovery sheet printed"

    def demo() -> str:
        run.xasach("--db", commune, "demo", "--persons", PERSONS, "--seed", "1")
        stats = json.loads(run.xasach("--db", commune, "stats", "--json").stdout)
        assert stats["persons"]["total"] == PERSONS, stats["persons"]
        return f"{PERSONS} people, {stats['villages']} villages"

    def languages() -> str:
        vi = run.xasach("--db", commune, "stats").stdout
        en = run.xasach("--db", commune, "--lang", "en", "stats").stdout
        assert "Điểm, tụ điểm" in vi, "no Vietnamese (compiled catalog missing?)"
        assert "Hotspots" in en, "no English"
        return "vi and en catalogs"

    def deadlines() -> str:
        # Working days need Vietnam's public holidays, a module `holidays` imports by name.
        due = json.loads(run.xasach("--db", commune, "due", "--within", "400", "--json").stdout)
        return f"due --json: {len(json.dumps(due))} bytes"

    def print_form() -> str:
        pdf = tmp / f"{FORM}.pdf"
        run.xasach("--db", commune, "print", FORM, "--out", pdf)
        assert pdf.read_bytes()[:5] == b"%PDF-", "not a PDF"
        pages, text = pdf_facts(pdf)
        assert pages >= 1, "no pages"
        assert VIETNAMESE_LETTERS & set(text), "no Vietnamese letters in the text (font?)"
        return f"{pdf.name}: {pages} page(s), {pdf.stat().st_size // 1024} KB"

    def exchange_keys() -> str:
        run.xasach("--db", upper, "init", "--upper", UPPER)
        (cards / "upper").mkdir()
        (cards / "commune").mkdir()
        run.xasach("--db", upper, "keys", "export-public", cards / "upper")
        run.xasach("--db", commune, "keys", "export-public", cards / "commune")
        (upper_card,) = (cards / "upper").glob("*.xskey")
        (commune_card,) = (cards / "commune").glob("*.xskey")
        run.xasach("--db", commune, "keys", "import", upper_card, "--yes")
        run.xasach("--db", upper, "keys", "import", commune_card, "--yes")
        return f"{upper_card.name} ↔ {commune_card.name}"

    def export_bundle() -> str:
        out = run.xasach("--db", commune, "bundle", "export", "--out", bundles).stdout
        path = Path(out.strip().splitlines()[-1])
        assert path.exists() and path.suffix == ".xsb", f"no bundle: {out!r}"
        return f"{path.name}, {path.stat().st_size // 1024} KB"

    def import_bundle() -> str:
        done = run.xasach(
            "--db", upper, "bundle", "import", bundles, "--receipts", receipts, "--json"
        )
        json.loads(done.stdout)
        (receipt,) = receipts.glob("*.xsr")
        run.xasach("--db", commune, "receipt", "import", receipt)
        hub = json.loads(run.xasach("--db", upper, "hub", "communes", "--json").stdout)
        assert COMMUNE in json.dumps(hub), "the commune is not at the upper level"
        return f"imported, receipt {receipt.name} accepted"

    def backup_and_audit() -> str:
        run.xasach("--db", commune, "backup", "create")
        listed = json.loads(run.xasach("--db", commune, "backup", "list", "--json").stdout)
        assert listed, "no backup listed"
        run.xasach("--db", commune, "audit", "verify")
        return f"{len(listed)} backup(s), audit chain OK"

    def gui(db: Path, window: str, exe_path: Path | None = None) -> Callable[[], str]:
        def start() -> str:
            done = run.xasach(
                "--db",
                db,
                exe=exe_path,
                timeout=GUI_SECONDS + 60,
                XASACH_SMOKE_QUIT_MS=str(GUI_SECONDS * 1000),
            )
            line = next((x for x in done.stderr.splitlines() if x.startswith("smoke:")), "")
            assert "platform=offscreen" in line, f"Qt did not start: {done.stderr[-600:]!r}"
            assert window in line, f"expected {window}, got {line!r}"
            return line

        return start

    def portable() -> str:
        copy = tmp / "stick" / "XaSach"
        shutil.copytree(bundle, copy, symlinks=True)
        (copy / "XaSachData").mkdir()
        portable_exe = copy / exe.name
        run.xasach("init", "--commune", COMMUNE, exe=portable_exe)
        data = copy / "XaSachData" / "xasach.db"
        assert data.exists(), "the data file is not beside the executable"
        assert not (tmp / "home" / ".local" / "share" / "XaSach").exists(), "data went home"
        assert PASSWORD.encode() not in data.read_bytes(), "password in clear"
        assert b"SQLite format 3" not in data.read_bytes()[:16], "the data file is not encrypted"
        gui(data, "LoginDialog", portable_exe)()
        return f"data in {data.relative_to(tmp)} (encrypted)"

    run.step("--version", check_version)
    run.step("init --commune (encrypted file)", init_commune)
    run.step("demo data", demo)
    run.step("stats in vi and en", languages)
    run.step("deadlines (working days, holidays)", deadlines)
    run.step(f"print {FORM} --out PDF", print_form)
    run.step("keys: upper level, cards exchanged", exchange_keys)
    run.step("bundle export", export_bundle)
    run.step("bundle import at upper, receipt back", import_bundle)
    run.step("backup create/list, audit verify", backup_and_audit)
    run.step("GUI headless: login window", gui(commune, "LoginDialog"))
    run.step("GUI headless: first-run wizard", gui(tmp / "new" / "xasach.db", "FirstRunWizard"))
    run.step("portable mode (XaSachData beside exe)", portable)

    icu_data = sorted(bundle.glob("_internal/PySide6/Qt/lib/libicudata.so.*"))
    if icu_data:  # Linux; Windows' Qt uses the system's ICU

        def icu() -> str:
            qt_lib = icu_data[0].parent
            done = subprocess.run(
                [sys.executable, "-c", ICU_CHECK, str(qt_lib), json.dumps(VIETNAMESE_ORDER[::-1])],
                capture_output=True,
                text=True,
                encoding="utf-8",
                env=run.env(),
                timeout=120,
            )
            assert done.returncode == 0, f"exited {done.returncode}: {done.stderr[-600:]}"
            facts = json.loads(done.stdout)
            outside = [path for path in facts["loaded"] if not Path(path).is_relative_to(bundle)]
            assert not outside, f"Qt or ICU not taken from the bundle: {outside}"
            assert any("libicudata" in path for path in facts["loaded"]), facts["loaded"]
            assert facts["sorted"] == VIETNAMESE_ORDER, f"Vietnamese order: {facts['sorted']}"
            assert facts["months"] == [f"tháng {m}" for m in range(1, 13)], facts["months"]
            assert facts["upper"] == "ĐƯỜNG PHỐ", facts["upper"]
            assert facts["zone"] == "Giờ Đông Dương", f"time-zone name: {facts['zone']!r}"
            assert facts["windows-1258"], "no Windows-1258 converter"
            size = icu_data[0].stat().st_size / 1e6
            return f"vi collation, months, zone name, upper case, cp1258; ICU data {size:.1f} MB"

        run.step("Vietnamese through the bundle's Qt ICU", icu)

    def size() -> str:
        total = sum(path.lstat().st_size for path in [bundle, *bundle.rglob("*")])
        note = f"{total / 1e6:.1f} MB ({total / 2**20:.1f} MiB)"
        assert total < SIZE_LIMIT, f"{note}, over {SIZE_LIMIT / 1e6:.0f} MB"
        return note

    run.step(f"bundle under {SIZE_LIMIT // 1_000_000} MB", size)

    def bundle_unchanged() -> str:
        after = snapshot(bundle)
        changed = sorted(set(before.items()) ^ set(after.items()))
        assert not changed, f"the app wrote into its own folder: {changed[:5]}"
        return f"{len(after)} files untouched"

    run.step("bundle folder unchanged", bundle_unchanged)
    if args.trace_opens:

        def source_tree_untouched() -> str:
            pattern = re.compile(r'"(' + re.escape(str(ROOT)) + r'/[^"]*)"')
            outside = set()
            for log in run.traces:
                for path in pattern.findall(log.read_text(errors="replace")):
                    opened = Path(path)
                    inside = opened.is_relative_to(bundle) or opened.is_relative_to(tmp)
                    if not inside and opened not in bundle.parents:  # parents: path lookups
                        outside.add(path)
            assert not outside, f"files of the source tree opened: {sorted(outside)[:8]}"
            return f"{len(run.traces)} runs traced, nothing outside the bundle"

        run.step("no file read from the source tree", source_tree_untouched)

    failed = [name for name, passed, _, _ in run.results if not passed]
    total = sum(elapsed for _, _, elapsed, _ in run.results)
    print(f"\n{len(run.results) - len(failed)}/{len(run.results)} steps passed in {total:.0f} s")
    if args.keep or failed:
        print(f"Kept for inspection: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        print("Failed: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
