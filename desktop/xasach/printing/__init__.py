"""Printing (in ấn): Vietnamese official forms and reports as PDF, with reportlab.

The layout follows NĐ 30/2020/NĐ-CP, Phụ lục I (A4, margins, the two-column header, number and
date, signature block, recipients). This layer takes plain dataclasses (`printing.model`) and
the wording of each form from the TOML templates in `resources/forms/`; it knows neither the
store nor Qt — the services gather the data, allocate numbers and write the audit trail.
"""
