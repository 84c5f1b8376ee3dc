"""Qt's own strings (dialog buttons, edit menus) from our gettext catalogs.

Qt ships no Vietnamese translation of qtbase, so a QTranslator bridge (idea from Frescobaldi)
answers Qt's lookups from our catalog; the strings Qt asks for are marked below so extraction
puts them in front of our translators. One call chooses the language for gettext, babel and
`QLocale` alike (STYLE.md, after Picard).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from xasach.i18n import N_, _, babel_locale, set_language

# Source texts Qt passes to QCoreApplication.translate (contexts QPlatformTheme, QLineEdit,
# QWidgetTextControl), listed so `make i18n` extracts them. The `&` marks the shortcut letter.
QT_MESSAGES = (
    N_("OK"),
    N_("Save"),
    N_("Save All"),
    N_("Open"),
    N_("&Yes"),
    N_("Yes to &All"),
    N_("&No"),
    N_("N&o to All"),
    N_("Abort"),
    N_("Retry"),
    N_("Ignore"),
    N_("Close"),
    N_("Cancel"),
    N_("Discard"),
    N_("Help"),
    N_("Apply"),
    N_("Reset"),
    N_("Restore Defaults"),
    N_("&Undo"),
    N_("&Redo"),
    N_("Cu&t"),
    N_("&Copy"),
    N_("&Paste"),
    N_("Delete"),
    N_("Select All"),
)


class GettextTranslator(QTranslator):
    """Answers Qt's lookups with our gettext translation, or None so Qt tries the next one.

    None, not "": Qt stops at the first non-null answer, and "" would blank every button.
    """

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        translated = _(source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:  # noqa: N802 — Qt's name; a bridge is never "empty"
        return False


def install_language(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Choose `lang` for gettext, babel and QLocale; install translators for Qt's strings.

    Returns the installed translators (parented to `app`) so a caller may remove them again.
    """
    chosen = set_language(lang)
    QLocale.setDefault(QLocale(babel_locale()))
    translators: list[QTranslator] = []
    if chosen == "vi":
        qtbase = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qtbase.load("qtbase_vi", folder):
            translators.append(qtbase)
    # Installed last, so asked first: our catalog wins over Qt's own where both translate.
    translators.append(GettextTranslator(app))
    for translator in translators:
        app.installTranslator(translator)
    return translators


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
