"""One hotspot (tụ điểm): its form, its dated status history and the people linked to it.

People added or removed here are part of the form: they are saved with it in one transaction
(so a new hotspot can get its people before it exists) and the unsaved-changes guard covers
them. Status changes are dated events made with "Mark eliminated" and "Mark re-emerged" on
the list; the newest one, if entered by mistake, can be taken back here (it is saved at once,
as a tombstone, apart from the form).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from xasach.domain.errors import DomainError
from xasach.domain.hotspots import HOTSPOT_KIND_LABELS, hotspot_status_label
from xasach.domain.roles import Permission
from xasach.i18n import N_, _
from xasach.services.hotspot_queries import (
    EventLine,
    HotspotDetail,
    get_hotspot,
    hotspot_history,
    hotspot_people,
    village_choices,
)
from xasach.services.hotspots import (
    HotspotData,
    create_hotspot,
    link_person,
    undo_last_status_change,
    unlink_person,
    update_hotspot,
)
from xasach.services.people import PersonLine
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_date
from xasach.ui.hotspots.person_picker import PersonPicker
from xasach.ui.registers import prompts
from xasach.ui.registers.record_dialog import RecordDialog
from xasach.ui.widgets.date_field import DateField

#: Suggestions only: the role at a hotspot is free text (chủ điểm, người chứa chấp …).
ROLE_SUGGESTIONS = (
    N_("owner of the place"),
    N_("harbourer"),
    N_("user"),
    N_("retail seller"),
    N_("lookout"),
)


@dataclass
class _Link:
    link_id: str | None  # None: added in this dialog, not saved yet
    person_id: str
    name: str
    role: str


class HotspotDialog(RecordDialog):
    """New (`hotspot_id=None`) or existing hotspot; read-only without EDIT_HOTSPOTS."""

    def __init__(
        self, ctx: AppContext, hotspot_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, hotspot_id, parent, editable=ctx.can(Permission.EDIT_HOTSPOTS))
        self.links: list[_Link] = []
        self.removed: list[str] = []
        self.events: list[EventLine] = []
        self._build()
        self._load()
        self.resize(980, 620)

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind_box = QComboBox(self)
        for kind, kind_label in HOTSPOT_KIND_LABELS.items():
            self.kind_box.addItem(_(kind_label), kind.value)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)
        self.village_box = QComboBox(self)
        self.address_edit = QLineEdit(self)
        self.address_edit.setMaxLength(300)
        self.discovered_edit = DateField(self)
        self.latitude_edit, self.longitude_edit = QLineEdit(self), QLineEdit(self)
        self.latitude_edit.setPlaceholderText(_("e.g. 21.0285 (optional)"))
        self.longitude_edit.setPlaceholderText(_("e.g. 105.8542 (optional)"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        form = QFormLayout()
        for caption, key, widget in (
            (_("&Kind:"), "kind", self.kind_box),
            (_("&Name:"), "name", self.name_edit),
            (_("&Village:"), "village_id", self.village_box),
            (_("&Address:"), "address_text", self.address_edit),
            (_("&Discovered on:"), "discovered_date", self.discovered_edit),
            (_("&Latitude:"), "latitude", self.latitude_edit),
            (_("Lon&gitude:"), "longitude", self.longitude_edit),
            (_("D&escription:"), "description", self.description_edit),
        ):
            caption_label = QLabel(caption, self)
            caption_label.setBuddy(widget)
            form.addRow(caption_label, self.field(key, widget))
        self.form_box = QGroupBox(_("Hotspot"), self)
        self.form_box.setLayout(form)
        self.form_box.setEnabled(self.editable)

        self.status_label = QLabel(self)
        self.history = QTreeWidget(self)
        self.history.setHeaderLabels([_("Date"), _("Status"), _("Note")])
        self.history.setRootIsDecorated(False)
        self.history.setColumnWidth(0, 90)
        self.history.setColumnWidth(1, 110)
        self.undo_status_button = QPushButton(_("&Take back the last change…"), self)
        self.undo_status_button.setObjectName("undoStatus")
        self.undo_status_button.clicked.connect(self.undo_last_status_change)
        self.undo_status_button.setEnabled(False)
        status_box = QGroupBox(_("Status history"), self)
        column = QVBoxLayout(status_box)
        column.addWidget(self.status_label)
        column.addWidget(self.history)
        undo_row = QHBoxLayout()
        undo_row.addStretch(1)
        undo_row.addWidget(self.undo_status_button)
        column.addLayout(undo_row)

        self.people = QTreeWidget(self)
        self.people.setHeaderLabels([_("Person"), _("Role at the hotspot")])
        self.people.setRootIsDecorated(False)
        self.people.setColumnWidth(0, 240)
        self.picker = PersonPicker(self.ctx.db, self)
        self.picker.picked.connect(self.add_person)
        self.role_box = QComboBox(self)
        self.role_box.setEditable(True)
        self.role_box.addItems([_(r) for r in ROLE_SUGGESTIONS])
        self.role_box.setMinimumContentsLength(14)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_person)
        QShortcut(QKeySequence.StandardKey.Delete, self.people, self.remove_person)
        can_pick = self.editable and self.ctx.can(Permission.VIEW_PEOPLE)
        for control in (self.picker, self.role_box, self.remove_button):
            control.setEnabled(can_pick)
        role_label = QLabel(_("R&ole of the next person added:"), self)
        role_label.setBuddy(self.role_box)
        role_row = QHBoxLayout()
        role_row.addWidget(role_label)
        role_row.addWidget(self.role_box, 1)
        role_row.addWidget(self.remove_button)
        people_box = QGroupBox(_("Linked people"), self)
        column = QVBoxLayout(people_box)
        column.addWidget(self.people)
        column.addWidget(self.picker)
        column.addLayout(role_row)
        column.addWidget(self.field("person_id", QWidget(self)))
        self.inputs["person_id"] = self.picker

        right = QVBoxLayout()
        right.addWidget(status_box, 1)
        right.addWidget(people_box, 1)
        columns = QHBoxLayout()
        columns.addWidget(self.form_box, 5)
        columns.addLayout(right, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        self.footer(layout)
        self.watch(
            self.kind_box.currentIndexChanged,
            self.name_edit.textChanged,
            self.village_box.currentIndexChanged,
            self.address_edit.textChanged,
            self.discovered_edit.textChanged,
            self.latitude_edit.textChanged,
            self.longitude_edit.textChanged,
            self.description_edit.textChanged,
        )

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        with self.ctx.db.reader() as session, self.loading():
            self.village_box.addItem(_("— choose a village —"), None)
            for village in village_choices(session):
                self.village_box.addItem(village.name, village.id)
            if self.record_id is None:
                self.setWindowTitle(_("New hotspot"))
                self.status_label.setText(_("Active from the discovery date, once saved."))
                return
            detail = get_hotspot(session, self.record_id)
            links = hotspot_people(session, self.record_id)
            data = detail.data
            self.setWindowTitle(_("Hotspot: {name}").format(name=data.name))
            self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(data.kind)))
            self.name_edit.setText(data.name)
            self.village_box.setCurrentIndex(max(0, self.village_box.findData(data.village_id)))
            self.address_edit.setText(data.address_text)
            self.discovered_edit.set_value(data.discovered_date)
            for edit, value in (
                (self.latitude_edit, data.latitude),
                (self.longitude_edit, data.longitude),
            ):
                edit.setText("" if value is None else f"{value:g}")
            self.description_edit.setPlainText(data.description)
            self._show_history(session, detail)
            self.links = [_Link(k.id, k.person_id, k.name, k.role) for k in links]
            self._show_links()

    def _show_history(self, session: Session, detail: HotspotDetail | None = None) -> None:
        """Status line and history; `detail` when the caller has just read the hotspot."""
        assert self.record_id is not None
        detail = detail or get_hotspot(session, self.record_id)
        self.events = hotspot_history(session, self.record_id)
        self.status_label.setText(
            _("Now: {status} since {date}").format(
                status=hotspot_status_label(detail.status), date=fmt_date(detail.status_date)
            )
        )
        self.history.clear()
        for event in self.events:
            item = QTreeWidgetItem(
                self.history, [fmt_date(event.event_date), event.status_label, event.note]
            )
            item.setToolTip(2, event.note)
        self.undo_status_button.setEnabled(self.editable and len(self.events) > 1)

    # --- status ------------------------------------------------------------------------------

    def undo_last_status_change(self) -> bool:
        """Take back the newest status change after a confirmation; the form's unsaved edits
        stay as they are."""
        if self.record_id is None or len(self.events) < 2:
            return False
        last = self.events[0]  # newest first
        question = _(
            "Take back “{status}” of {date}? The hotspot goes back to its previous status. "
            "The change stays in the audit trail."
        ).format(status=last.status_label, date=fmt_date(last.event_date))
        if not prompts.confirm(self, _("Take back the last change"), question):
            return False
        self.clear_errors()
        try:
            with self.ctx.db.session() as session:
                undo_last_status_change(session, self.record_id)
        except DomainError as exc:
            self.show_error(exc)
            return False
        with self.ctx.db.reader() as session:
            self._show_history(session)
        self.saved.emit(self.record_id)  # the list shows the status again
        return True

    def _show_links(self) -> None:
        self.people.clear()
        for link in self.links:
            QTreeWidgetItem(self.people, [link.name or _("(hidden)"), link.role])

    # --- people ------------------------------------------------------------------------------

    def add_person(self, line: PersonLine) -> None:
        if any(link.person_id == line.id for link in self.links):
            self.show_error(
                DomainError(
                    _("{name} is already linked to this hotspot.").format(name=line.full_name),
                    "person_id",
                )
            )
            return
        self.links.append(_Link(None, line.id, line.full_name, self.role_box.currentText()))
        self._show_links()
        self.dirty = True

    def remove_person(self) -> None:
        item = self.people.currentItem()
        row = self.people.indexOfTopLevelItem(item) if item is not None else -1
        if not self.editable or not 0 <= row < len(self.links):
            return
        link = self.links.pop(row)
        if link.link_id is not None:
            self.removed.append(link.link_id)
        self._show_links()
        self.dirty = True

    # --- saving ------------------------------------------------------------------------------

    def _number(self, key: str, edit: QLineEdit) -> float | None:
        text = edit.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise DomainError(_("Type a number, e.g. 21.0285."), key) from None

    def store(self, session: Session) -> str:
        data = HotspotData(
            kind=self.kind_box.currentData(),
            name=self.name_edit.text(),
            village_id=self.village_box.currentData(),
            discovered_date=self.date_value("discovered_date", self.discovered_edit),
            address_text=self.address_edit.text(),
            latitude=self._number("latitude", self.latitude_edit),
            longitude=self._number("longitude", self.longitude_edit),
            description=self.description_edit.toPlainText(),
        )
        if self.record_id is None:
            hotspot_id = create_hotspot(session, data).id
        else:
            hotspot_id = update_hotspot(session, self.record_id, data).id
        for link_id in self.removed:
            unlink_person(session, link_id)
        for link in self.links:
            if link.link_id is None:
                link_person(session, hotspot_id, link.person_id, link.role)
        return hotspot_id
