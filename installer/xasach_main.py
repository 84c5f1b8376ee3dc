"""The frozen program's entry point: the same `main` as the `xasach` command (GUI without a
command, the CLI with one)."""

from xasach.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
