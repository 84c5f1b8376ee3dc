"""The administrator's user dialogs (người dùng): add an officer, set a password, remove one.

Each derives a key or re-encrypts the data file (a second or more), so the work runs off the
UI thread behind a busy bar; the services check the role again and explain every refusal.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from xasach.domain.roles import Role, role_label
from xasach.i18n import _
from xasach.services.auth import add_user, change_password, remove_user
from xasach.ui.context import AppContext
from xasach.ui.login_dialog import _BusyForm, refusal_text, run_in_background


class AddUserDialog(_BusyForm):
    """A new officer: user name, name, title, role and a first password typed twice."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.edits = {n: QLineEdit(self) for n in ("username", "full_name", "title", "pw", "again")}
        for name in ("pw", "again"):
            self.edits[name].setEchoMode(QLineEdit.EchoMode.Password)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.POLICE.value))
        self._captions = [QLabel(self) for _i in range(6)]
        fields = [*list(self.edits.values())[:3], self.role_combo, *list(self.edits.values())[3:]]
        for caption, field in zip(self._captions, fields, strict=True):
            caption.setBuddy(field)
            self.form.addRow(caption, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        for widget in (self.message_label, self.busy_bar, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)
        self.setWindowTitle(_("Add a user"))
        captions = (_("&User name:"), _("&Full name:"), _("&Title:"), _("&Role:"))
        texts = (*captions, _("&Password:"), _("&Again:"))
        for caption, text in zip(self._captions, texts, strict=True):
            caption.setText(text)
        self.ok_button.setText(_("Add user"))

    def submit(self) -> None:
        if self.busy:
            return
        e = {name: edit.text() for name, edit in self.edits.items()}
        if e["pw"] != e["again"]:
            self.show_message(_("The two passwords differ."))
            return
        self.set_busy(True, _("Adding the user…"))
        db, role = self.ctx.db, str(self.role_combo.currentData())
        run_in_background(
            self,
            lambda: add_user(
                db,
                e["username"].strip(),
                e["pw"],
                role,
                full_name=e["full_name"].strip(),
                title=e["title"].strip(),
            ),
            lambda _r: self._added(),
            self._refused,
        )

    def _refused(self, exc: Exception) -> None:
        self.set_busy(False)
        self.show_message(refusal_text(exc))

    def _added(self) -> None:
        self.set_busy(False)
        self.accept()


class _UserForm(_BusyForm):
    """One user's form: the service call runs in the background; a refusal stays on screen."""

    def __init__(self, ctx: AppContext, username: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.username = username
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        for widget in (self.message_label, self.busy_bar, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)

    def _refused(self, exc: Exception) -> None:
        self.set_busy(False)
        self.show_message(refusal_text(exc))

    def _done(self) -> None:
        self.set_busy(False)
        self.accept()


class PasswordDialog(_UserForm):
    """A new password for `username`, typed twice: one's own, or anyone's by the administrator
    (an officer who forgot it; nothing they entered is lost)."""

    def __init__(self, ctx: AppContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, username, parent)
        self.edits = {name: QLineEdit(self) for name in ("pw", "again")}
        captions = (_("&New password:"), _("&Again:"))
        for (_name, edit), text in zip(self.edits.items(), captions, strict=True):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            caption = QLabel(text, self)
            caption.setBuddy(edit)
            self.form.addRow(caption, edit)
        own = ctx.db.actor is not None and ctx.db.actor.username == username
        self.setWindowTitle(_("Change my password") if own else _("Set a password"))
        self.explanation.setText(
            _("Type your new password twice. The old one stops working.")
            if own
            else _(
                "A new password for “{user}”. Give it to them in person; they can change it "
                "in Settings after logging in. The old one stops working."
            ).format(user=username)
        )
        self.ok_button.setText(_("Set password"))

    def submit(self) -> None:
        if self.busy:
            return
        password, again = self.edits["pw"].text(), self.edits["again"].text()
        if password != again:
            self.show_message(_("The two passwords differ."))
            return
        self.set_busy(True, _("Setting the password…"))
        db, username = self.ctx.db, self.username
        run_in_background(
            self,
            lambda: change_password(db, username, password),
            lambda _r: self._done(),
            self._refused,
        )


class RemoveUserDialog(_UserForm):
    """Remove an officer who left: their password stops opening the data file, which is
    re-encrypted under a new key; their name stays in the audit trail."""

    def __init__(self, ctx: AppContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, username, parent)
        self.setWindowTitle(_("Remove a user"))
        self.explanation.setText(
            _(
                "Remove “{user}”? Their password will no longer open the data file: XaSach "
                "re-encrypts the whole file under a new key (a few seconds for a large file). "
                "What they entered stays, and their name stays in the audit trail."
            ).format(user=username)
        )
        self.ok_button.setText(_("Remove user"))
        self.cancel_button.setDefault(True)
        self.ok_button.setDefault(False)

    def submit(self) -> None:
        if self.busy:
            return
        self.set_busy(True, _("Re-encrypting the data file…"))
        db, username = self.ctx.db, self.username
        run_in_background(
            self,
            lambda: remove_user(db, username),
            lambda _r: self._done(),
            self._refused,
        )
