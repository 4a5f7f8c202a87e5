"""Light and dark themes: a calm palette for long working days, following the system by default.

The Fusion style is used everywhere so both themes look the same on every platform; the palette
carries the colours and a short style sheet adds spacing and the quiet borders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QProxyStyle, QStyle, QStyleOption, QWidget


class Theme(NamedTuple):  # (a NamedTuple, not a dataclass: dataclasses costs ~8 ms at start-up)
    name: str
    dark: bool
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    error: str
    ok: str
    # How strongly a span's label colour tints the background, by nesting depth (1, 2, 3+).
    tints: tuple[float, float, float]


LIGHT = Theme(
    "light",
    False,
    window="#f3f4f6",
    base="#fdfdfc",
    alt_base="#f6f7f8",
    text="#1f2328",
    muted="#6b7280",
    border="#d9dce1",
    accent="#2f6fde",
    accent_text="#ffffff",
    error="#c0362c",
    ok="#2f7d4f",
    tints=(0.20, 0.34, 0.46),
)
DARK = Theme(
    "dark",
    True,
    window="#1f2227",
    base="#181a1e",
    alt_base="#20242a",
    text="#e3e5e8",
    muted="#9aa1ab",
    border="#343941",
    accent="#6ea0f5",
    accent_text="#0d1117",
    error="#f0786c",
    ok="#6cc08b",
    tints=(0.30, 0.44, 0.56),
)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def resolve(choice: str) -> Theme:
    """'light', 'dark' or 'system' (anything else counts as system)."""
    if choice == "light":
        return LIGHT
    if choice == "dark":
        return DARK
    return DARK if system_is_dark() else LIGHT


def palette(theme: Theme) -> QPalette:
    p = QPalette()
    c = QColor
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alt_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.accent_text,
        QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.Mid: theme.border,
        QPalette.ColorRole.Midlight: theme.border,
        QPalette.ColorRole.Dark: theme.border,
        QPalette.ColorRole.Light: theme.base,
        QPalette.ColorRole.BrightText: theme.error,
    }
    for role, colour in roles.items():
        p.setColor(role, c(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c(theme.muted))
    return p


def style_sheet(theme: Theme) -> str:
    return f"""
    QToolBar {{ border: none; spacing: 4px; padding: 3px 6px; }}
    QStatusBar {{ color: {theme.muted}; }}
    QStatusBar::item {{ border: none; }}
    QSplitter::handle {{ background: {theme.window}; }}
    QListView, QTableView, QTreeView, QPlainTextEdit, QScrollArea {{
        border: 1px solid {theme.border}; border-radius: 4px; }}
    QHeaderView::section {{ background: {theme.window}; color: {theme.muted}; border: none;
        border-bottom: 1px solid {theme.border}; padding: 3px 6px; }}
    QGroupBox {{ border: 1px solid {theme.border}; border-radius: 5px; margin-top: 1.1em; padding: 6px 6px 4px 6px; }}
    QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 3px; color: {theme.muted};
        font-weight: 600; }}
    QLabel#fieldError {{ color: {theme.error}; }}
    QLabel#muted, QLabel#derived {{ color: {theme.muted}; }}
    QLabel#saved {{ color: {theme.ok}; }}
    QLabel#unsaved {{ color: {theme.error}; }}
    QLabel#armed {{ color: {theme.accent}; font-weight: 600; }}
    QFrame#articleHeader {{ background: {theme.base}; border: 1px solid {theme.border}; border-radius: 4px; }}
    QLabel#articleTitle {{ font-size: 15pt; font-weight: 600; }}
    QToolButton#labelButton {{ border: 1px solid {theme.border}; border-radius: 10px; padding: 2px 9px; }}
    QToolButton#labelButton:hover {{ border-color: {theme.accent}; }}
    QFrame#reviewNote {{ background: {blend(theme.accent, theme.base, 0.12).name()};
        border: 1px solid {theme.accent}; border-radius: 4px; }}
    """


_APPLIED = "annotatorTheme"  # an application property: the theme last applied (its repr)


class FramedFusion(QProxyStyle):
    """Fusion, with text fields and check boxes framed in the palette's border colour on a dark
    palette. Fusion draws their frames a shade darker than the window, which on a dark window is
    black on near-black: an empty field or an unticked box could not be seen. Only the frame's
    colour is redrawn, so every size stays Fusion's."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        framed = (QStyle.PrimitiveElement.PE_FrameLineEdit, QStyle.PrimitiveElement.PE_IndicatorCheckBox)
        if element not in framed or option.palette.color(QPalette.ColorRole.Window).lightness() >= 128:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        radius = 2.0 if element == QStyle.PrimitiveElement.PE_FrameLineEdit else 1.0
        painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.restore()


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Give the whole application the theme's style, palette and style sheet. Applying the theme
    it already has does nothing: setting a style sheet polishes every widget again (about 100 ms
    with the event form built, which the window otherwise paid once more on opening a project).
    Widgets made later get the application's style sheet and palette as they are shown."""
    if app.property(_APPLIED) == repr(theme) and app.styleSheet():
        return
    app.setStyle(FramedFusion())
    app.setPalette(palette(theme))
    app.setStyleSheet(style_sheet(theme))
    app.setProperty(_APPLIED, repr(theme))


def blend(colour: str, over: str, alpha: float) -> QColor:
    """``colour`` laid over ``over`` at ``alpha``, as an opaque colour (cheap to paint, same everywhere)."""
    a, b = QColor(colour), QColor(over)
    return QColor(
        round(a.red() * alpha + b.red() * (1 - alpha)),
        round(a.green() * alpha + b.green() * (1 - alpha)),
        round(a.blue() * alpha + b.blue() * (1 - alpha)),
    )


def add_theme_menu(menu: QMenu, current: str, choose: Callable[[str], None]) -> QMenu:
    """View > Theme: follow the system, light or dark (one checked), ``choose`` called with the name."""
    themes = menu.addMenu("Theme")
    group = QActionGroup(themes)
    for name, text in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
        action = QAction(text, themes, checkable=True)
        action.setChecked(current == name)
        action.triggered.connect(lambda _checked=False, n=name: choose(n))
        group.addAction(action)
        themes.addAction(action)
    return themes
