"""Icons: the bundled toolbar icons, line drawings in the same style, and status dots.

Only QIcon loads with the module: the painting classes (whose enums PySide builds when they are first
imported) load with the first drawn icon, after the window's first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from workbench.paths import resource

# Line drawings on a 24-unit grid, in the style of resources/icons/*.svg: lists of polylines.
NEXT_WEEK_PATHS = [[(6, 3), (14, 3), (18, 7), (18, 11)], [(18, 17), (18, 21), (6, 21), (6, 3)],
                   [(14, 3), (14, 7), (18, 7)], [(9, 14), (21, 14)], [(18, 11), (21, 14), (18, 17)]]
NOTES_PATHS = [[(6, 3), (18, 3), (18, 21), (6, 21), (6, 3)], [(9, 8), (15, 8)], [(9, 12), (15, 12)],
               [(9, 16), (13, 16)]]
NEW_NOTE_PATHS = [[(14, 21), (6, 21), (6, 3), (18, 3), (18, 13)], [(9, 8), (15, 8)], [(9, 12), (13, 12)],
                  [(18, 16), (18, 22)], [(15, 19), (21, 19)]]
LINE_COLOUR = "#37474F"


def icon(name: str) -> QIcon:
    """A toolbar icon: PNG rendered from resources/icons/<name>.svg, with its @2x twin for HiDPI.

    (PNG needs no image plugin, which keeps the SVG engine off the start-up path.)
    """
    return QIcon(str(resource("icons", f"{name}.png")))


def svg_icon(name: str) -> QIcon:
    """resources/icons/<name>.svg itself (for windows opened after start-up)."""
    return QIcon(str(resource("icons", f"{name}.svg")))


def line_icon(paths: list[list[tuple[float, float]]]) -> QIcon:
    """An icon drawn from polylines, at 1x and 2x (the bundled icons are drawn the same way in SVG)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

    result = QIcon()
    for size, ratio in ((20, 1.0), (40, 2.0)):
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 24, size / 24)
        pen = QPen(QColor(LINE_COLOUR), 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for line in paths:
            path = QPainterPath(QPointF(*line[0]))
            for point in line[1:]:
                path.lineTo(QPointF(*point))
            painter.drawPath(path)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        result.addPixmap(pixmap)
    return result


def dot_icon(colour: str, size: int = 12) -> QIcon:
    """A filled circle: red for blockers, amber for warnings."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


__all__ = ["LINE_COLOUR", "NEW_NOTE_PATHS", "NEXT_WEEK_PATHS", "NOTES_PATHS", "dot_icon", "icon", "line_icon",
           "svg_icon"]
