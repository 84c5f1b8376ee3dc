"""Wizard page: the officer who sets XaSach up, and the administrator's user name and password.

The rules are the auth service's (`check_username`, `check_password`); their messages appear
under each field as the officer types, so Next is never a surprise. The password is typed twice
because nobody can read it back: a typo would lock the data behind the recovery code at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizardPage

from xasach.domain.errors import DomainError
from xasach.i18n import _
from xasach.services.auth import check_password, check_username
from xasach.ui.login_dialog import message_label, show_message

DEFAULT_ADMIN = "admin"


def _problem(check: Callable[[str], None], value: str) -> str | None:
    try:
        check(value)
    except DomainError as exc:
        return exc.message
    return None


class OfficerPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_name_edit = self._edit("fullName")
        self.title_edit = self._edit("officerTitle")
        self.user_edit = self._edit("adminUser")
        self.user_edit.setText(DEFAULT_ADMIN)
        self.password_edit = self._edit("adminPassword", password=True)
        self.repeat_edit = self._edit("adminPasswordAgain", password=True)
        self.user_hint = message_label(self)
        self.user_hint.setObjectName("userHint")
        self.password_hint = message_label(self)
        self.password_hint.setObjectName("passwordHint")
        self.repeat_hint = message_label(self)
        self.repeat_hint.setObjectName("repeatHint")
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self._captions = [QLabel(self) for _i in range(5)]
        edits = (
            self.full_name_edit,
            self.title_edit,
            self.user_edit,
            self.password_edit,
            self.repeat_edit,
        )
        hints = (None, None, self.user_hint, self.password_hint, self.repeat_hint)
        form = QFormLayout()
        for caption, edit, hint in zip(self._captions, edits, hints, strict=True):
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            if hint is not None:
                form.addRow("", hint)
            edit.textChanged.connect(lambda _t: self._check())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate_ui()

    def _edit(self, name: str, *, password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def retranslate_ui(self) -> None:
        self.setTitle(_("Officer and administrator"))
        self.setSubTitle(_("Who sets XaSach up, and how they will log in."))
        self.intro_label.setText(
            _(
                "The administrator manages users, backups and settings. Choose a password of at "
                "least 8 characters that others cannot guess; it is needed at every login."
            )
        )
        captions = (
            _("&Full name:"),
            _("&Title:"),
            _("&User name:"),
            _("&Password:"),
            _("&Again:"),
        )
        for caption, text in zip(self._captions, captions, strict=True):
            caption.setText(text)
        self.full_name_edit.setPlaceholderText(_("e.g. Nguyễn Văn An"))
        self.title_edit.setPlaceholderText(_("e.g. Phó Trưởng Công an xã"))
        self._check()

    def problems(self) -> dict[str, str]:
        """Field → message, for every field that is not acceptable yet."""
        found: dict[str, str] = {}
        if not self.full_name_edit.text().strip():
            found["full_name"] = _("Type the officer's full name.")
        user = _problem(check_username, self.user_edit.text().strip())
        if user:
            found["username"] = user
        password = _problem(check_password, self.password_edit.text())
        if password:
            found["password"] = password
        elif self.repeat_edit.text() != self.password_edit.text():
            found["repeat"] = _("The two passwords differ.")
        return found

    def _check(self) -> None:
        problems = self.problems()
        # A hint appears once the officer has typed in that field, never on an untouched form.
        shown = (
            (self.user_hint, "username", self.user_edit),
            (self.password_hint, "password", self.password_edit),
            (self.repeat_hint, "repeat", self.repeat_edit),
        )
        for label, key, edit in shown:
            show_message(label, problems.get(key, "") if edit.text() else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 — Qt's name
        return not self.problems()
