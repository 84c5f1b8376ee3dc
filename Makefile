# XaSach — two commands from a fresh clone: `make run` and `make test`.
# Everything they need is installed here (CI starts from a clean checkout).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Debian packages Qt's xcb window platform needs on Linux (the wheels carry Qt itself).
QT_DEBS := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
           libxcb-randr0 libxcb-render-util0 libxcb-image0 libxkbcommon-x11-0 libegl1 libgl1 \
           libfontconfig1 libdbus-1-3
# Tools used to look at the app as a person would (screenshots, PDFs as pictures).
LOOK_DEBS := xvfb poppler-utils fonts-dejavu-core
# The frozen build: binutils (objdump, strip, ld) for PyInstaller on Linux; icu-devtools
# (icupkg, genccode) to trim Qt's ICU data to vi/en; strace for dist-check, which proves the
# frozen app opens no file of the source tree.
DIST_DEBS := binutils icu-devtools strace

.PHONY: setup run test lint bench soak i18n screenshots system-deps look-deps clean \
        dist dist-check dist-deps

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# Installs the missing Debian packages when run as root on Debian/Ubuntu; elsewhere it only checks.
system-deps:
	@if [ "$$(uname)" = Linux ] && command -v dpkg >/dev/null; then \
	  missing=$$(for p in $(QT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	    else echo "Please install: $$missing"; fi; \
	  fi; \
	fi

look-deps:
	@missing=$$(for p in $(LOOK_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi

dist-deps:
	@missing=$$(for p in $(DIST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install: $$missing"; exit 1; fi; \
	fi

run: setup system-deps
	$(PY) -m xasach $(ARGS)

lint: setup
	$(VENV)/bin/ruff check desktop tests tools installer
	$(VENV)/bin/ruff format --check desktop tests tools installer
	$(VENV)/bin/mypy --strict desktop/xasach/domain desktop/xasach/sync desktop/xasach/store desktop/xasach/services desktop/xasach/cli

# dist-deps too: tests/installer builds the trimmed ICU library the Linux bundle ships.
test: setup dist-deps lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/benchmarks -p no:cacheprovider -s -q

# Long crash soak (300 kills of a writer; 300 kills of atomic and plain file writers), then the
# bundle fuzz with 3,000 random examples per strategy (~20,000 bundles).
# `make test` runs the same tests with a fixed sample of 100 / 60 and ~600 fuzzed bundles.
soak: setup
	XASACH_CRASH_ROUNDS=300 QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/crash -p no:cacheprovider -q -s
	XASACH_FUZZ_EXAMPLES=3000 QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/sync/test_fuzz.py -p no:cacheprovider -q -s

i18n: setup
	$(PY) tools/i18n.py

# Every main screen and dialog with demo data, offscreen at 1366x768, into docs/screenshots/.
screenshots: setup look-deps
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py --out docs/screenshots

# The one-folder build in dist/XaSach/ (installer/xasach.spec: name and version from the
# package, catalogs compiled from i18n/*.po into the build, resources, Qt plugins, SQLCipher),
# then the Inno Setup script for Windows in build/installer/. Not part of `make test`: the
# build and the smoke test take ~1 min each on 2 cores (see README).
dist: setup system-deps dist-deps
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev,dist]"
	rm -rf dist/XaSach build/pyinstaller
	QT_QPA_PLATFORM=offscreen $(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build/pyinstaller installer/xasach.spec
	$(PY) installer/make_iss.py --out build/installer/XaSach.iss
	@du -sh dist/XaSach

# Smoke test of the frozen build (not the source tree): headless, in a throw-away home folder.
dist-check: setup dist-deps
	$(PY) installer/smoke_test.py --trace-opens

clean:
	rm -rf $(VENV) build dist *.egg-info
