"""The Keys section (khóa đồng bộ) of both sync pages: this office's fingerprint and card, the
other side's enrolled cards, and the phone check that makes a card trusted.

A commune enrols its upper level; the upper level enrols each commune — the same panel, with
the wording of each side. Importing and checking keys needs the Settings permission (the
services check it): other roles see the section, disabled, with the reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xasach.domain.errors import DomainError
from xasach.domain.roles import Permission
from xasach.i18n import _
from xasach.services.setup import MODE_UPPER
from xasach.services.sync_keys import (
    CARD_SUFFIX,
    PeerInfo,
    export_card,
    import_card,
    list_peers,
    own_fingerprint,
    preview_card,
    verify_peer,
)
from xasach.ui.context import AppContext
from xasach.ui.formatting import fmt_datetime
from xasach.ui.login_dialog import message_label, refusal_text
from xasach.ui.sync import fingerprint_dialog
from xasach.ui.sync.common import (
    fingerprint_label,
    fit_rows,
    read_only_table,
    say,
    set_fingerprint,
    set_rows,
)
from xasach.ui.sync.fingerprint_dialog import Trust


class KeysPanel(QGroupBox):
    """`peer_verified(unit_code)`: a key was just checked by phone (held bundles may now go)."""

    peer_verified = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.upper = ctx.mode == MODE_UPPER
        self.admin = ctx.can(Permission.SETTINGS)
        self.peers: list[PeerInfo] = []
        self.own_caption = QLabel(self)
        self.own_caption.setWordWrap(True)
        self.own_fingerprint = fingerprint_label(self)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportCard")
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importCard")
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("verifyKey")
        self.table = read_only_table(self, 4, "peerTable")
        if self.upper:
            self.table.setMinimumHeight(110)  # many communes: the list takes what is left
        else:
            fit_rows(self.table, 2)  # one upper level (two while a newer card replaces one)
        self.rights_label = QLabel(self)
        self.rights_label.setWordWrap(True)
        self.rights_label.setVisible(not self.admin)
        self.message = message_label(self)
        self.message.hide()
        self.export_button.clicked.connect(self.export_own_card)
        self.import_button.clicked.connect(self.import_peer_card)
        self.verify_button.clicked.connect(self.check_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        for button in (self.import_button, self.verify_button):
            button.setEnabled(self.admin)
        own_row = QHBoxLayout()
        own_row.addWidget(self.own_fingerprint, 1)
        own_row.addWidget(self.export_button)
        peer_buttons = QHBoxLayout()
        peer_buttons.addWidget(self.import_button)
        peer_buttons.addWidget(self.verify_button)
        peer_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own_caption)
        layout.addLayout(own_row)
        layout.addSpacing(6)
        layout.addLayout(peer_buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rights_label)
        layout.addWidget(self.message)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Communes' keys") if self.upper else _("Keys"))
        self.own_caption.setText(
            _(
                "This office's fingerprint — read it aloud when the other office phones to "
                "check our key card:"
            )
        )
        self.export_button.setText(_("E&xport our key card…"))
        self.import_button.setText(
            _("Import a &commune's key card…")
            if self.upper
            else _("Import the &upper level's key card…")
        )
        self.verify_button.setText(_("&Fingerprint checked…"))
        self.rights_label.setText(
            _(
                "Only a user who may change settings (the administrator) can import key cards "
                "or mark a fingerprint as checked. Ask the administrator to log in."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [
                _("Commune") if self.upper else _("Upper level"),
                _("Unit code"),
                _("Fingerprint"),
                _("Checked by phone"),
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        before = self.selected()
        try:
            set_fingerprint(self.own_fingerprint, own_fingerprint(self.ctx.db))
            self.peers = [p for p in list_peers(self.ctx.db) if p.active]
        except DomainError as exc:
            say(self.message, exc.message)
            self.peers = []
        set_rows(self.table, [self._row(p) for p in self.peers])
        rows = [i for i, p in enumerate(self.peers) if before and p.key_id == before.key_id]
        if rows or len(self.peers) == 1:
            self.table.selectRow(rows[0] if rows else 0)
        self._update_buttons()

    def _row(self, peer: PeerInfo) -> tuple[str, ...]:
        if peer.verified_at is not None:
            checked = _("yes, {date} ({user})").format(
                date=fmt_datetime(peer.verified_at), user=peer.verified_by
            )
        else:
            checked = _("not yet — phone them and read the fingerprint")
        return (peer.unit_name, peer.unit_code, peer.fingerprint, checked)

    def selected(self) -> PeerInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.peers[rows[0].row()] if rows and rows[0].row() < len(self.peers) else None

    def unverified(self) -> list[PeerInfo]:
        return [p for p in self.peers if not p.verified]

    def _update_buttons(self) -> None:
        peer = self.selected()
        self.verify_button.setEnabled(self.admin and peer is not None and not peer.verified)

    # --- actions -----------------------------------------------------------------------------

    def export_own_card(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to save this office's key card (e.g. a USB stick)"), str(Path.home())
        )
        if not folder:
            return None
        try:
            path = export_card(self.ctx.db, Path(folder))
        except DomainError as exc:
            say(self.message, exc.message)
            return None
        say(
            self.message,
            _(
                "Saved {file} in {folder}. Hand it to the other office, then phone them to read "
                "the fingerprint together."
            ).format(file=path.name, folder=path.parent),
            error=False,
        )
        return path

    def import_peer_card(self) -> PeerInfo | None:
        """Card file → its unit and fingerprint → the officer's decision → enrolment."""
        if not self.admin:
            say(self.message, self.rights_label.text())
            return None
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the key card"),
            str(Path.home()),
            _("XaSach key cards (*{suffix})").format(suffix=CARD_SUFFIX),
        )
        if not path:
            return None
        try:
            card = preview_card(self.ctx.db, Path(path))
        except Exception as exc:  # an unreadable file is a message, never a crash
            say(self.message, refusal_text(exc))
            return None
        choice = fingerprint_dialog.ask_trust(
            self, card.unit_name, card.unit_code, card.fingerprint
        )
        if choice is Trust.CANCEL:
            return None
        try:
            peer = import_card(self.ctx.db, Path(path), verified=choice is Trust.VERIFIED)
        except Exception as exc:
            say(self.message, refusal_text(exc))
            return None
        if peer.verified:
            text = _("The key of {name} is imported and trusted.").format(name=peer.unit_name)
        else:
            text = _(
                "The key of {name} is imported but not checked yet. Phone them, then press "
                "“Fingerprint checked”."
            ).format(name=peer.unit_name)
        say(self.message, text, error=False)
        self._changed(peer)
        return peer

    def check_selected(self) -> PeerInfo | None:
        """Show the stored fingerprint again: the officer confirms while on the phone."""
        peer = self.selected()
        if peer is None or peer.verified or not self.admin:
            return None
        choice = fingerprint_dialog.ask_trust(
            self, peer.unit_name, peer.unit_code, peer.fingerprint
        )
        if choice is not Trust.VERIFIED:
            return None
        try:
            checked = verify_peer(self.ctx.db, peer.unit_code)
        except DomainError as exc:
            say(self.message, exc.message)
            return None
        say(
            self.message,
            _("The key of {name} is now trusted.").format(name=checked.unit_name),
            error=False,
        )
        self._changed(checked)
        return checked

    def _changed(self, peer: PeerInfo) -> None:
        self.refresh()
        self.ctx.bus.changed.emit("sync_peer")
        if peer.verified:
            self.peer_verified.emit(peer.unit_code)
