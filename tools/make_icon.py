"""Draw the application icon with Qt alone: `resources/icons/xasach.png` and a multi-size `.ico`.

A navy shield with a red border and an open white book, a small gold star above it: plain,
official-looking, no third-party artwork. Each size is painted from vectors (not scaled from
one bitmap), so 16 px stays crisp. The `.ico` holds PNG-compressed images (Windows Vista+),
written by hand because Qt's ICO writer stores one size only.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_SIZE = 256

NAVY = QColor("#1b2f5e")
RED = QColor("#c0262d")
GOLD = QColor("#f2c230")
PAPER = QColor("#fbfaf5")
INK = QColor("#8d99b3")


def shield_path(size: float) -> QPainterPath:
    """A heraldic shield filling most of a `size` square: flat top, sides curving to a point."""
    left, right, top = size * 0.12, size * 0.88, size * 0.07
    bottom, mid = size * 0.95, size * 0.5
    path = QPainterPath(QPointF(left, top))
    path.lineTo(right, top)
    path.lineTo(right, size * 0.5)
    path.cubicTo(right, size * 0.74, mid + size * 0.12, size * 0.86, mid, bottom)
    path.cubicTo(mid - size * 0.12, size * 0.86, left, size * 0.74, left, size * 0.5)
    path.closeSubpath()
    return path


def star_path(cx: float, cy: float, outer: float) -> QPainterPath:
    inner = outer * 0.4
    path = QPainterPath()
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        point = QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path


def book_paths(size: float) -> tuple[QPainterPath, QPainterPath]:
    """The two pages of an open book, centred low in the shield."""
    cx, top, bottom = size * 0.5, size * 0.42, size * 0.72
    half = size * 0.25
    sag = size * 0.04
    left = QPainterPath(QPointF(cx, top + sag))
    left.cubicTo(cx - half * 0.4, top - sag, cx - half * 0.8, top - sag, cx - half, top)
    left.lineTo(cx - half, bottom)
    left.cubicTo(cx - half * 0.8, bottom - sag * 1.5, cx - half * 0.4, bottom - sag, cx, bottom)
    left.closeSubpath()
    right = QPainterPath(QPointF(cx, top + sag))
    right.cubicTo(cx + half * 0.4, top - sag, cx + half * 0.8, top - sag, cx + half, top)
    right.lineTo(cx + half, bottom)
    right.cubicTo(cx + half * 0.8, bottom - sag * 1.5, cx + half * 0.4, bottom - sag, cx, bottom)
    right.closeSubpath()
    return left, right


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    border = max(1.0, s * 0.055)
    painter.setPen(
        QPen(RED, border, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )
    painter.setBrush(QBrush(NAVY))
    painter.drawPath(shield_path(s))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(GOLD))
    painter.drawPath(star_path(s * 0.5, s * 0.245, s * 0.12))
    left, right = book_paths(s)
    painter.setBrush(QBrush(PAPER))
    painter.drawPath(left)
    painter.drawPath(right)
    if size >= 32:  # text lines on the pages; below 32 px they would only blur
        painter.setPen(QPen(INK, max(1.0, s * 0.014)))
        for i in range(3):
            y = s * (0.5 + i * 0.06)
            painter.drawLine(QPointF(s * 0.31, y), QPointF(s * 0.45, y))
            painter.drawLine(QPointF(s * 0.55, y), QPointF(s * 0.69, y))
    painter.setPen(QPen(NAVY, max(1.0, s * 0.02)))
    painter.drawLine(QPointF(s * 0.5, s * 0.46), QPointF(s * 0.5, s * 0.72))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (ICONDIR, ICONDIRENTRY × n, then the PNGs)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "xasach.png").write_bytes(png_bytes(render(PNG_SIZE)))
    (args.out / "xasach.ico").write_bytes(
        ico_bytes({size: png_bytes(render(size)) for size in ICO_SIZES})
    )
    print(f"{args.out / 'xasach.png'}, {args.out / 'xasach.ico'} ({len(ICO_SIZES)} sizes)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
