"""The "Rules and targets" section of Settings (quy định và chỉ tiêu): which rule set and
version this office runs and where it came from, every rule with its source and how verified
it is, and the plan targets.

The upper level edits values and targets here, saves them under a newer version and writes
the signed rule update for its communes; a commune imports that update and records the one
figure no register holds (villages with a model). The services check role and mode again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.domain.targets import AT_MOST, Plan, target_label
from xasach.i18n import _
from xasach.services.rule_updates import (
    RuleSetInfo,
    export_reference,
    import_reference,
    rule_set_info,
    update_rules,
)
from xasach.services.setup import MODE_UPPER
from xasach.services.targets import save_plan
from xasach.ui.context import AppContext
from xasach.ui.overview.classification_panel import verified_label
from xasach.ui.sync.common import fit_columns

VALUE_COLUMN, TARGET_COLUMN = 1, 1
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RulesBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("rulesBox")
        self.upper = ctx.mode == MODE_UPPER
        self.may_edit = ctx.can(Permission.SETTINGS)
        self.info: RuleSetInfo | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.rules_table = QTableWidget(0, 6, self)
        self.rules_table.setObjectName("rulesTable")
        self.rules_table.setMinimumHeight(260)
        self.targets_table = QTableWidget(0, 3, self)
        self.targets_table.setObjectName("targetsTable")
        self.targets_table.setMinimumHeight(220)
        for table in (self.rules_table, self.targets_table):
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
        self.models_caption = QLabel(self)
        self.models_spin = QSpinBox(self)
        self.models_spin.setObjectName("villagesWithModel")
        self.models_spin.setRange(-1, 10_000)
        self.models_spin.setSpecialValueText("—")
        self.version_caption = QLabel(self)
        self.version_edit = QLineEdit(self)
        self.version_edit.setObjectName("newVersion")
        self.version_edit.setMaximumWidth(140)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveRules")
        self.save_button.clicked.connect(self.save)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendRules")
        self.send_button.clicked.connect(self.send)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importRules")
        self.import_button.clicked.connect(self.import_update)
        row = QHBoxLayout()
        row.addWidget(self.models_caption)
        row.addWidget(self.models_spin)
        row.addStretch(1)
        row.addWidget(self.version_caption)
        row.addWidget(self.version_edit)
        row.addWidget(self.save_button)
        row.addWidget(self.send_button)
        row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rules_table)
        layout.addWidget(self.targets_table)
        layout.addLayout(row)
        layout.addWidget(self.message)
        for edit_only in (self.version_caption, self.version_edit, self.send_button):
            edit_only.setVisible(self.upper and self.may_edit)
        self.import_button.setVisible(not self.upper and self.may_edit)
        self.save_button.setVisible(self.may_edit)
        self.models_spin.setEnabled(self.may_edit)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Rules and targets"))
        self.rules_table.setHorizontalHeaderLabels(
            [_("Rule"), _("Value"), _("Unit"), _("In force from"), _("Checked"), _("Source")]
        )
        self.targets_table.setHorizontalHeaderLabels([_("Target"), _("Required"), _("Source")])
        self.models_caption.setText(_("Villages with at least one model:"))
        self.version_caption.setText(_("New version:"))
        self.save_button.setText(_("Save"))
        self.send_button.setText(_("Write the rule update for communes…"))
        self.import_button.setText(_("Import the rule update…"))
        self.refresh()

    def refresh(self) -> None:
        try:
            with self.ctx.db.reader() as s:
                self.info = rule_set_info(s)
        except DomainError as exc:
            self.info = None
            self.say(exc.message)
            return
        info = self.info
        origin = (
            _("received from the upper level {unit} on {day}").format(
                unit=info.received_from, day=info.received_at
            )
            if info.received_from
            else _("shipped with XaSach or edited here")
        )
        self.summary.setText(
            _("Rule set in force: {name}, version {version} ({origin}).").format(
                name=info.name, version=info.version, origin=origin
            )
        )
        editable = EDITABLE if self.upper and self.may_edit else READ_ONLY
        self.rules_table.setRowCount(len(info.rules))
        for row, r in enumerate(info.rules):
            cells = [
                r.key,
                f"{r.value:g}",
                r.unit,
                r.effective_from.strftime("%d/%m/%Y"),
                verified_label(r.verified),
                r.source,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(r.description or text)
                item.setFlags(editable if col == VALUE_COLUMN else READ_ONLY)
                self.rules_table.setItem(row, col, item)
        fit_columns(self.rules_table)
        targets = info.plan.targets
        self.targets_table.setRowCount(len(targets))
        for row, t in enumerate(targets):
            sign = "≤" if t.direction == AT_MOST else "≥"
            unit = "%" if t.unit == "%" else ""
            cells = [target_label(t.key), f"{t.target:g}{unit}", t.source]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{sign} {t.target:g} {t.unit}" if col == 1 else text)
                item.setFlags(editable if col == TARGET_COLUMN else READ_ONLY)
                self.targets_table.setItem(row, col, item)
        fit_columns(self.targets_table)
        models = info.plan.villages_with_model
        self.models_spin.setValue(-1 if models is None else models)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def _edited_plan(self) -> Plan:
        assert self.info is not None
        plan = self.info.plan
        if self.upper:
            for row, t in enumerate(plan.targets):
                plan = plan.with_target(t.key, _number(self.targets_table, row, TARGET_COLUMN))
        models = self.models_spin.value()
        return replace(plan, villages_with_model=None if models < 0 else models)

    def save(self) -> None:
        if self.info is None:
            return
        try:
            plan = self._edited_plan()
            with self.ctx.db.session() as s:
                if self.upper:
                    values = {
                        (r.key, r.effective_from): _number(self.rules_table, row, VALUE_COLUMN)
                        for row, r in enumerate(self.info.rules)
                    }
                    changed = {k: v for k, v in values.items() if v != _value(self.info, k)}
                    update_rules(s, changed, version=self.version_edit.text(), plan=plan)
                else:
                    save_plan(s, plan)
        except DomainError as exc:
            self.say(exc.message)
            return
        self.say(_("Saved."))
        self.ctx.bus.changed.emit("setting")
        self.refresh()

    def send(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the rule update"))
        if folder:
            self.send_to(Path(folder))

    def send_to(self, folder: Path) -> None:
        try:
            path, communes = export_reference(self.ctx.db, folder)
        except DomainError as exc:
            self.say(exc.message)
            return
        self.say(_("Rule update written for {n} communes: {path}").format(n=communes, path=path))

    def import_update(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Rule update from the upper level"), "", _("Rule updates (*.xsq)")
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        try:
            info = import_reference(self.ctx.db, path)
        except DomainError as exc:
            self.say(exc.message)
            return
        self.say(
            _("Rule set in force: {name}, version {version}").format(
                name=info.name, version=info.version
            )
        )
        self.ctx.bus.changed.emit("rule")
        self.refresh()


def _number(table: QTableWidget, row: int, column: int) -> float:
    item = table.item(row, column)
    text = (item.text() if item else "").strip().rstrip("%").strip().replace(",", ".")
    try:
        return float(text)
    except ValueError as exc:
        raise DomainError(_("“{text}” is not a number.").format(text=text)) from exc


def _value(info: RuleSetInfo, key: tuple[object, object]) -> float | None:
    return next((r.value for r in info.rules if (r.key, r.effective_from) == key), None)
