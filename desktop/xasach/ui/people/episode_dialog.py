"""One episode's form (giai đoạn): open a new one, correct one entered wrongly, or close one.

The planned end is never typed: it is shown as the rule table computes it (services
`plan_episode`) while the officer picks the kind, the start and the duration, the duration
limited to the legal range of that kind. OK checks everything `add_episode` would
(`check_episode`) and refuses under the field at fault; the change is kept in the person's
dialog and saved with it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.episodes import EPISODE_LABELS, EpisodeType, episode_label
from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.person_file import EpisodePlan, check_episode, plan_episode
from xasach.store.database import Database
from xasach.ui.formatting import fmt_date
from xasach.ui.people.episode_draft import AFTER_KINDS, EpisodeDraft, Mode
from xasach.ui.registers.record_dialog import error_label
from xasach.ui.widgets.date_field import DateField


class EpisodeDialog(QDialog):
    """`draft()` after `accepted`. `birth` is the person's (date, year) as the form holds it:
    a minor gets the minors' range of compulsory rehab."""

    def __init__(
        self,
        db: Database,
        mode: Mode,
        birth: tuple[date | None, int | None],
        current: EpisodeDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.mode, self.birth = db, mode, birth
        self.current = current
        self.plan: EpisodePlan | None = None
        self.errors: dict[str, QLabel] = {}
        self._result: EpisodeDraft | None = None
        self._build()
        self._fill(current)
        self.setWindowTitle(
            {
                Mode.ADD: _("Add an episode"),
                Mode.CORRECT: _("Correct an episode"),
                Mode.CLOSE: _("Close an episode"),
            }[mode]
        )
        self.setMinimumWidth(560)

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_box = QComboBox(self)
        for kind, label in EPISODE_LABELS.items():
            self.kind_box.addItem(_(label), kind.value)
        self.start_edit = DateField(self)
        self.months_spin = QSpinBox(self)
        self.months_spin.setSuffix(_(" months"))
        self.after_box = QComboBox(self)
        self.after_box.addItem(_("— not after rehab —"), None)
        for kind in AFTER_KINDS:
            self.after_box.addItem(_(EPISODE_LABELS[kind]), kind.value)
        self.planned_label = QLabel(self)
        self.planned_label.setObjectName("plannedEnd")
        self.planned_label.setWordWrap(True)
        self.decision_edit = QLineEdit(self)
        self.decision_edit.setMaxLength(60)
        self.decision_date_edit = DateField(self)
        self.decided_by_edit = QLineEdit(self)
        self.decided_by_edit.setMaxLength(200)
        self.facility_edit = QLineEdit(self)
        self.facility_edit.setMaxLength(200)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(60)
        self.end_edit = DateField(self)
        self.outcome_edit = QLineEdit(self)
        self.outcome_edit.setMaxLength(200)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)

        closing = self.mode == Mode.CLOSE
        placed: list[QWidget] = []
        if closing:
            form.addRow(self.summary_label)
            placed.append(self.summary_label)
        else:
            self._row(form, _("&Kind:"), "kind", self.kind_box)
            self._row(form, _("&Start date:"), "start_date", self.start_edit)
            self._row(form, _("D&uration:"), "duration_months", self.months_spin)
            self._row(form, _("&After:"), "after_kind", self.after_box)
            form.addRow(_("Planned end:"), self.planned_label)
            self._row(form, _("Decision &number:"), "decision_number", self.decision_edit)
            self._row(form, _("Decision da&te:"), "decision_date", self.decision_date_edit)
            self._row(form, _("Decided &by:"), "decided_by", self.decided_by_edit)
            self._row(form, _("&Facility:"), "facility", self.facility_edit)
            self._row(form, _("N&otes:"), "notes", self.notes_edit)
            placed += [
                self.kind_box, self.start_edit, self.months_spin, self.after_box,
                self.planned_label, self.decision_edit, self.decision_date_edit,
                self.decided_by_edit, self.facility_edit, self.notes_edit,
            ]  # fmt: skip
        if closing or self.mode == Mode.CORRECT:
            self._row(form, _("Actual &end:"), "actual_end", self.end_edit)
            self._row(form, _("Out&come:"), "outcome", self.outcome_edit)
            placed += [self.end_edit, self.outcome_edit]
        for widget in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if widget in self._inputs() and widget not in placed:
                widget.hide()  # made for every mode, shown in the modes that use it
        self.general_error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter in a field must not close the form
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        for signal in (
            self.kind_box.currentIndexChanged,
            self.start_edit.textChanged,
            self.after_box.currentIndexChanged,
        ):
            signal.connect(lambda *_a: self._replan(reset_months=True))
        self.months_spin.valueChanged.connect(lambda _v: self._replan(reset_months=False))

    def _inputs(self) -> list[QWidget]:
        return [
            self.kind_box, self.start_edit, self.months_spin, self.after_box, self.planned_label,
            self.decision_edit, self.decision_date_edit, self.decided_by_edit, self.facility_edit,
            self.notes_edit, self.end_edit, self.outcome_edit, self.summary_label,
        ]  # fmt: skip

    def _row(self, form: QFormLayout, caption: str, key: str, widget: QWidget) -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[key] = error_label(box)
        column.addWidget(self.errors[key])
        label = QLabel(caption, self)
        label.setBuddy(widget)
        form.addRow(label, box)

    def _fill(self, draft: EpisodeDraft | None) -> None:
        if draft is None:
            self.start_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.kind_box.setFocus(Qt.FocusReason.OtherFocusReason)
            self._replan(reset_months=True)
            return
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(draft.kind)))
        self.start_edit.set_value(draft.start_date)
        self.after_box.setCurrentIndex(max(0, self.after_box.findData(draft.after_kind)))
        self._replan(reset_months=True)
        if draft.duration_months is not None and self.months_spin.isEnabled():
            self.months_spin.setValue(draft.duration_months)
        self.decision_edit.setText(draft.decision_number)
        self.decision_date_edit.set_value(draft.decision_date)
        self.decided_by_edit.setText(draft.decided_by)
        self.facility_edit.setText(draft.facility)
        self.notes_edit.setPlainText(draft.notes)
        self.end_edit.set_value(
            draft.actual_end or (date.today() if self.mode == Mode.CLOSE else None)
        )
        self.outcome_edit.setText(draft.outcome)
        self.summary_label.setText(
            _("{kind}, from {start} (planned end: {end}).").format(
                kind=episode_label(draft.kind),
                start=fmt_date(draft.start_date),
                end=fmt_date(draft.planned_end) or _("open-ended"),
            )
        )
        (self.end_edit if self.mode == Mode.CLOSE else self.kind_box).setFocus()

    # --- the rule table, live ----------------------------------------------------------------

    def _kind(self) -> str:
        return str(self.kind_box.currentData())

    def _replan(self, *, reset_months: bool) -> None:
        """Show the legal range and the planned end for what is typed so far."""
        if self.mode == Mode.CLOSE:
            return
        is_post_rehab = self._kind() == EpisodeType.POST_REHAB
        self.after_box.setEnabled(is_post_rehab)
        if not is_post_rehab:
            self.after_box.setCurrentIndex(0)
        self.errors["duration_months"].hide()
        try:
            start = self.start_edit.value()
        except DomainError:
            start = None
        if start is None:
            self.planned_label.setText(_("Type the start date to see the planned end."))
            return
        months = self.months_spin.value() if self.months_spin.isEnabled() else None
        try:
            with self.db.reader() as session:
                plan = plan_episode(
                    session,
                    self._kind(),
                    start,
                    months=None if reset_months else months,
                    after=self.after_box.currentData(),
                    birth_date=self.birth[0],
                    birth_year=self.birth[1],
                )
        except DomainError as exc:
            self.planned_label.setText("")
            self._show_error(exc)
            return
        self.plan = plan
        if reset_months:
            self._set_bounds(plan.bounds)
        self.planned_label.setText(self._plan_text(plan))

    def _set_bounds(self, bounds: tuple[int, int, int] | None) -> None:
        self.months_spin.blockSignals(True)
        if bounds is None:
            self.months_spin.setRange(0, 0)
            self.months_spin.setSpecialValueText(_("open-ended"))
            self.months_spin.setEnabled(False)
        else:
            low, default, high = bounds
            self.months_spin.setSpecialValueText("")
            self.months_spin.setRange(low, high)
            self.months_spin.setValue(default)
            self.months_spin.setEnabled(low < high)
        self.months_spin.blockSignals(False)

    def _plan_text(self, plan: EpisodePlan) -> str:
        if plan.planned_end is None:
            return _("Open-ended: no planned end in the rule table.")
        if plan.bounds is not None and plan.bounds[0] < plan.bounds[2]:
            return _("{end} (the law allows {low} to {high} months)").format(
                end=fmt_date(plan.planned_end), low=plan.bounds[0], high=plan.bounds[2]
            )
        return _("{end} (fixed by the rule table)").format(end=fmt_date(plan.planned_end))

    # --- OK ----------------------------------------------------------------------------------

    def draft(self) -> EpisodeDraft | None:
        return self._result

    def _dates(self) -> dict[str, date | None]:
        found: dict[str, date | None] = {}
        for key, widget in (
            ("start_date", self.start_edit),
            ("decision_date", self.decision_date_edit),
            ("actual_end", self.end_edit),
        ):
            try:
                found[key] = widget.value()
            except DomainError as exc:
                raise DomainError(exc.message, key) from None
        return found

    def submit(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        try:
            self._result = self._checked()
        except DomainError as exc:
            self._show_error(exc)
            return
        self.accept()

    def _checked(self) -> EpisodeDraft:
        dates = self._dates()
        if self.mode == Mode.CLOSE:
            assert self.current is not None
            if dates["actual_end"] is None:
                raise DomainError(_("Enter the date the episode ended."), "actual_end")
            self._check(self.current, dates["actual_end"])
            return replace(
                self.current, actual_end=dates["actual_end"], outcome=self.outcome_edit.text()
            )
        start = dates["start_date"]
        if start is None:
            raise DomainError(_("Enter the start date."), "start_date")
        draft = EpisodeDraft(
            kind=self._kind(),
            start_date=start,
            duration_months=self.months_spin.value() if self.months_spin.isEnabled() else None,
            after_kind=self.after_box.currentData(),
            decision_number=self.decision_edit.text().strip(),
            decision_date=dates["decision_date"],
            decided_by=self.decided_by_edit.text().strip(),
            facility=self.facility_edit.text().strip(),
            notes=self.notes_edit.toPlainText().strip(),
            actual_end=dates["actual_end"] if self.mode == Mode.CORRECT else None,
            outcome=self.outcome_edit.text().strip() if self.mode == Mode.CORRECT else "",
        )
        plan = self._check(draft, draft.actual_end)
        return replace(draft, planned_end=plan.planned_end)

    def _check(self, draft: EpisodeDraft, actual_end: date | None) -> EpisodePlan:
        with self.db.reader() as session:
            return check_episode(
                session,
                draft.kind,
                draft.start_date,
                months=draft.duration_months,
                after=draft.after_kind,
                actual_end=actual_end,
                decision_date=draft.decision_date,
                birth_date=self.birth[0],
                birth_year=self.birth[1],
            )

    def _show_error(self, exc: DomainError) -> None:
        label = self.errors.get(exc.field or "", self.general_error)
        label.setText(exc.message)
        label.show()
