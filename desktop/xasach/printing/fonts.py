"""The embedded serif font: Liberation Serif, metric-compatible with Times New Roman (the
font NĐ 30/2020 names) and covering Vietnamese, under the SIL Open Font Licence.

Registered once per process under our own names, as one family so `<b>`/`<i>` in paragraphs
pick the right face. reportlab embeds a subset of each face in every PDF.
"""

from __future__ import annotations

from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from xasach.paths import resources_dir

SERIF = "XaSerif"
SERIF_BOLD = "XaSerif-Bold"
SERIF_ITALIC = "XaSerif-Italic"
SERIF_BOLD_ITALIC = "XaSerif-BoldItalic"

_FACES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_registered = False


def register_fonts() -> None:
    """Make the four faces known to reportlab (idempotent)."""
    global _registered
    if _registered:
        return
    folder = resources_dir() / "fonts"
    for name, file in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    for bold, italic, name in (
        (0, 0, SERIF),
        (1, 0, SERIF_BOLD),
        (0, 1, SERIF_ITALIC),
        (1, 1, SERIF_BOLD_ITALIC),
    ):
        addMapping(SERIF, bold, italic, name)
    _registered = True


def text_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))
