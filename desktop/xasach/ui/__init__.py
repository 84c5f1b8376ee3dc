"""PySide6 widgets only: windows, dialogs, table models.

Nothing imports this package except the entry point (`run_app`), so the domain, store and CLI
run without Qt (DESIGN.md, dependency direction).
"""
