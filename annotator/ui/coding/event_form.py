"""The form of one event: compact rows in ACLED's coding order, pickers for coded fields, the
derived values on one line, and nothing a coder types ever lost (issue #9, findings 1-3, 5, 7, 8).

The form never writes: it emits ``edited(name, value)`` (or ``editedFields`` for several fields
that change as one, an actor and its type) and the controller turns that into a command. Every
key press is an edit, saved at once (the undo stack folds a typing burst into one step).

**Layout.** The fields a coder fills for most events (date, event type, actors with their types,
country, admin 1, location, fatalities, source) are rows of one fixed height; the others (admin
2-3, coordinates, source scale, notes, tags, event id) sit in a section below that opens and
closes (the screen remembers which). A field's companion (a date's or place's precision, an
actor's type) shares its row. Nothing that appears or changes moves a row: the summary line
elides instead of wrapping, and the reasons a value is not saved and the evidence of the field in
use are said on one fixed line under the summary (the field itself is tinted and carries a ⚠
whose tooltip gives the reason). Tab follows ACLED's column order; the event id comes last, as
it is assigned with the country.

**Nothing typed is lost.** Every text is either in the database within one key press, or stays
on screen, marked not saved, until fixed:

* a value the database refuses ("120+" in fatalities, "2024-06-31" as a date, a name typed while
  another program holds the database) stays in its field with the reason, is shown again when the
  coder comes back to its event, and is not replaced when another field or undo refreshes the
  form; Esc in the field drops it and shows what is stored;
* the country is saved as it is typed, as soon as the text names one country and could name no
  other ("Syria"; "Niger" waits, as "Nigeria" may follow); until then it is marked not saved, and
  it is settled (saved if it names one country) when the field is left and before anything
  navigates (``flush``: the controller asks before changing the article or the event, the
  screen before undo and before the window closes);
* latitude and longitude take a decimal comma ("37,0166" is saved as 37.0166): coders from
  much of Europe type it, and the value cannot mean anything else.

**Assists** (``FormAssist``): actor fields complete from the project's actors, the codebook's
generic actors for the event's country and its named groups; choosing one, or typing a name the
project or codebook knows, sets the actor's type in the same edit, and changing the actor
changes a type the app had set but never one the coder chose (``follow_actor_types``). Ctrl+G
looks a place up (``place_search.PlaceSearch``) and fills every place field in one edit.

A field also takes evidence: with the field focused, a click on a span, Ctrl+L, or dropping a
span from the span list links it, and hovering or focusing a field outlines its evidence in the
text.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.fields import DEFAULT_FIELD_GROUPS, EVENT_FIELDS, FIELDS, ValueType, split_multi
from annotator.ui.coding.field_editor import (
    ACTOR_FIELDS,
    PENDING,
    REFUSED,
    SAVED,
    TITLES,
    FieldEditor,
    Unsaved,
    magnifier_icon,
    text_of,
)
from annotator.ui.coding.form_widgets import Choice, ElidedLabel
from annotator.ui.coding.span_list import SPAN_MIME
from annotator.ui.common.bidi import LRM, isolate
from annotator.ui.common.theme import LIGHT, Theme

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook
    from annotator.services.annotate import EventInfo
    from annotator.ui.coding.form_assist import FormAssist
    from annotator.ui.coding.place_search import PlaceSearch

# The fields a coder fills for most events: always on screen. The rest open with "More fields".
COMMON = frozenset(
    {
        "event_date", "time_precision", "event_type", "sub_event_type", "civilian_targeting",
        "actor1", "inter1", "assoc_actor_1", "actor2", "inter2", "assoc_actor_2",
        "country", "admin1", "location", "geo_precision", "fatalities", "source",
    }
)  # fmt: skip
# A companion shares its host's row: the precision of a date or place, the type of an actor.
COMPANION_OF = {companion: f.name for f in EVENT_FIELDS for companion in (f.precision_field, f.type_field) if companion}
COMPANION_CAPTION = {"time_precision": "precision", "geo_precision": "precision", "inter1": "type", "inter2": "type"}
# A typical value of each field that shares its row with a companion (and of the companions): the
# editor keeps room for it whole however narrow the window (down to its minimum size).
TYPICAL_VALUE = {
    "event_date": "2024-06-12",
    "time_precision": "3",
    "geo_precision": "3",
    "actor1": "Police Forces of Sudan",
    "actor2": "Police Forces of Sudan",
    "inter1": "1 State forces",
    "inter2": "1 State forces",
    "location": "Al Qamishli",
}
# Tab order: ACLED's columns, the assigned event id last.
TAB_ORDER = (*(f.name for f in EVENT_FIELDS if f.name != "event_id_cnty"), "event_id_cnty")
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")

HINT = "Underlined: evidence in the text · Ctrl+L links a span · Ctrl+G finds a place · Down lists actors"


class EventForm(QWidget):
    edited = Signal(str, object)  # field name, value as the editor holds it
    editedFields = Signal(object)  # {field: value}: several fields changed as one (an actor and its type)
    placeChosen = Signal(object)  # {field: value} of a place found with Ctrl+G
    linkRequested = Signal(str)  # field name: link the selected span (Ctrl+L)
    unlinkRequested = Signal(str, str)  # field name, span key
    hovered = Signal(object)  # field name or None
    focused = Signal(str)
    spanDropped = Signal(str, str)  # field name, span key
    unsavedChanged = Signal(str)  # what is on screen but not saved ("" when everything is saved)
    moreToggled = Signal(bool)  # the "More fields" section opened or closed
    notify = Signal(str, int)  # a hint for the status bar, and how long to show it (ms)

    def __init__(self, codebook: Codebook, parent: QWidget | None = None, *, more_open: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("eventForm")
        self.codebook = codebook
        self.current: EventInfo | None = None
        self.article_id: int | None = None
        self.assist: FormAssist | None = None
        self.theme = LIGHT
        self.fields: dict[str, FieldEditor] = {}
        self.current_field: str | None = None  # the field last focused: where a picked span goes
        self.hovered_field: str | None = None
        self._widget_field: dict[QWidget, str] = {}
        self._span_text: dict[str, str] = {}
        self._loading = False
        self._unsaved: dict[tuple[int | None, str, str], Unsaved] = {}  # (article, event, field)
        self._countries = {c.name.casefold(): c.name for c in codebook.countries}
        for c in codebook.countries:
            for alias in c.aliases:
                self._countries.setdefault(alias.casefold(), c.name)
        self.place_search: PlaceSearch | None = None
        self._build(more_open)
        self.show_event(None)

    # ------------------------------------------------------------------ layout

    def _build(self, more_open: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(3)
        self.derived = ElidedLabel("")
        self.derived.setObjectName("derived")
        layout.addWidget(self.derived)
        # The notice line: why a field's text is not saved, else the evidence of the field in use.
        self.notice = QWidget()
        self.notice.setObjectName("notice")
        notice = QHBoxLayout(self.notice)
        notice.setContentsMargins(0, 0, 0, 0)
        notice.setSpacing(12)
        self.evidence_line = ElidedLabel("")
        self.evidence_line.setObjectName("muted")
        notice.addWidget(self.evidence_line, 1)
        self.notice.setFixedHeight(self.evidence_line.height())
        layout.addWidget(self.notice)

        book = self.codebook
        groups = [(g.name, g.fields) for g in book.field_groups] or list(DEFAULT_FIELD_GROUPS)
        names = [n for _g, fs in groups for n in fs if n in TITLES]
        for name in names:
            editor = FieldEditor(self, name, book)
            self.fields[name] = editor
            notice.addWidget(editor.error, 1)
            for w in editor.widgets():
                self._widget_field[w] = name
                w.installEventFilter(self)
            editor.editor.setAcceptDrops(True)
            editor.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            editor.editor.customContextMenuRequested.connect(lambda pos, n=name: self._field_menu(n, pos))

        probe_line, probe_combo = QLineEdit(), QComboBox()
        self.row_height = max(probe_line.sizeHint().height(), probe_combo.sizeHint().height()) + 2
        probe_line.deleteLater()
        probe_combo.deleteLater()
        if "civilian_targeting" in self.fields:
            self.fields["civilian_targeting"].title.setText("Target")
        widest = max(
            (
                e.title.fontMetrics().horizontalAdvance(e.title.text())
                for n, e in self.fields.items()
                if n not in COMPANION_OF
            ),
            default=0,
        )
        self._title_width = widest + 10

        self.main = QWidget()
        self.main.setObjectName("formMain")
        self.more_box = QWidget()
        self.more_box.setObjectName("formMore")
        main_layout = self._section(self.main)
        more_layout = self._section(self.more_box)
        self.rows: dict[str, QWidget] = {}
        placed: set[str] = set()
        for _group, group_fields in groups:
            in_group = [n for n in group_fields if n in self.fields]
            for target, layout_of in ((True, main_layout), (False, more_layout)):
                row_names = [n for n in in_group if (n in COMMON) == target]
                added = False
                for name in row_names:
                    if name in placed:
                        continue
                    host = COMPANION_OF.get(name)
                    if host is not None and host in self.fields and host not in placed:
                        continue  # placed on its host's row
                    companion = next(
                        (c for c, h in COMPANION_OF.items() if h == name and c in self.fields and c not in placed),
                        None,
                    )
                    layout_of.addWidget(self._row(name, companion))
                    placed.update({name, companion} - {None})  # type: ignore[arg-type]
                    added = True
                if added:
                    layout_of.addSpacing(5)  # a little air between the codebook's groups
        for name in self.fields:  # a companion whose host is elsewhere still gets a row
            if name not in placed:
                (main_layout if name in COMMON else more_layout).addWidget(self._row(name, None))
        layout.addWidget(self.main)

        self.more_button = QToolButton()
        self.more_button.setObjectName("moreFields")
        self.more_button.setCheckable(True)
        self.more_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setAutoRaise(True)
        hidden = [TITLES[n].lower() for n in self.fields if n not in COMMON and n not in COMPANION_OF]
        self.more_button.setText("More fields")
        self.more_button.setToolTip(f"More fields: {', '.join(hidden)} (Alt+M)")
        self.more_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.more_button.toggled.connect(self._more_toggled)
        layout.addWidget(self.more_button)
        layout.addWidget(self.more_box)
        layout.addStretch(1)
        self.more_button.setChecked(more_open)
        self.more_box.setVisible(more_open)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if more_open else Qt.ArrowType.RightArrow)
        more = QAction("More fields", self)
        more.setShortcut(QKeySequence("Alt+M"))
        more.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        more.triggered.connect(self.more_button.toggle)
        self.addAction(more)

        # Tab follows ACLED's order across both sections (hidden fields are skipped).
        chain = [self.fields[n].editor for n in TAB_ORDER if n in self.fields]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        for action_text, keys, slot in (
            ("Link selected span to this field", "Ctrl+L", self._link_current),
            ("Unlink the field's last evidence", "Ctrl+Shift+L", self._unlink_current),
        ):
            action = QAction(action_text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _section(self, box: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # rows never spread
        return layout

    def _row(self, name: str, companion: str | None) -> QWidget:
        """One row of fixed height: title, editor, and the companion with a short caption."""
        editor = self.fields[name]
        row = QWidget()
        row.setObjectName(f"row_{name}")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        editor.title.setFixedWidth(self._title_width)
        editor.title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        line.addWidget(editor.title)
        # An editor sharing its row keeps room for a typical value, so its companion cannot squeeze
        # it to a stub (a 1024-pixel window showed "2024-06" and "Protesters ("); the form's
        # minimum width, and so the events pane's, follows. The others shrink with the pane.
        line.addWidget(editor.editor, 3)
        if companion is not None:
            other = self.fields[companion]
            other.title.setText(COMPANION_CAPTION.get(companion, TITLES[companion]))
            other.title.setObjectName("muted")
            other.title.setToolTip(TITLES[companion])
            line.addWidget(other.title)
            if companion in ("time_precision", "geo_precision"):
                other.editor.setFixedWidth(self._room_for(companion, other.editor))
                line.addWidget(other.editor)
            else:  # an actor type: "1 State forces" at least; the longest when there is room
                other.editor.setMinimumWidth(self._room_for(companion, other.editor))
                texts = [other.editor.itemText(i) for i in range(other.editor.count())]  # type: ignore[attr-defined]
                longest = max(texts, key=other.editor.fontMetrics().horizontalAdvance, default="")
                other.editor.setMaximumWidth(self._room_for(companion, other.editor, longest))
                line.addWidget(other.editor, 2)
        if name == "location" and isinstance(editor.editor, QLineEdit):
            find = editor.editor.addAction(magnifier_icon(), QLineEdit.ActionPosition.TrailingPosition)
            find.setToolTip("Look the place up: fills country, admin 1–3, location, coordinates, precision (Ctrl+G)")
            find.triggered.connect(lambda: self.open_place_search())
            self.find_action = find
        editor.editor.setMinimumWidth(self._room_for(name, editor.editor) if companion is not None else 40)
        if isinstance(editor.editor, QPlainTextEdit):
            row.setFixedHeight(editor.editor.height() + 2)
            line.setAlignment(editor.title, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        else:
            row.setFixedHeight(self.row_height)
        self.rows[name] = row
        return row

    def _room_for(self, name: str, widget: QWidget, value: str | None = None) -> int:
        """The width ``widget`` needs to show a typical value of field ``name`` whole: the text, the
        frame and padding the style adds (and a combo's arrow), and a line edit's action icons."""
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStyleOptionFrame

        text = widget.fontMetrics().horizontalAdvance(value or TYPICAL_VALUE.get(name, "0000"))
        style = widget.style()
        if isinstance(widget, QComboBox):
            option = QStyleOptionComboBox()
            option.initFrom(widget)
            size = style.sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, QSize(text, 1), widget)
            return size.width() + 4
        option_frame = QStyleOptionFrame()
        option_frame.initFrom(widget)
        size = style.sizeFromContents(QStyle.ContentsType.CT_LineEdit, option_frame, QSize(text + 4, 1), widget)
        icons = len(widget.actions()) * 24 if isinstance(widget, QLineEdit) else 0
        return size.width() + icons + 4

    def _more_toggled(self, on: bool) -> None:
        self.more_box.setVisible(on)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.moreToggled.emit(on)

    def show_more(self, on: bool = True) -> None:
        if self.more_button.isChecked() != on:
            self.more_button.setChecked(on)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for editor in self.fields.values():
            editor.restyle(theme)

    # ------------------------------------------------------------------ which widget is a field

    def field_of(self, widget: QWidget | None) -> str | None:
        while widget is not None:
            if widget in self._widget_field:
                return self._widget_field[widget]
            if widget is self:
                return None
            widget = widget.parentWidget()
        return None

    def first_field(self) -> str | None:
        return next((n for n in TAB_ORDER if n in self.fields), None)

    def focus_field(self, name: str | None = None) -> None:
        name = name or self.current_field or next((n for n in TAB_ORDER if n in self.fields), None)
        if name in self.fields:
            if name not in COMMON and name not in COMPANION_OF:
                self.show_more(True)
            self.fields[name].editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ showing an event

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id

    def _key(self, name: str) -> tuple[int | None, str, str] | None:
        return (self.article_id, self.current.key, name) if self.current is not None else None

    def show_event(self, event: EventInfo | None, span_text: dict[str, str] | None = None) -> None:
        self.current = event
        if span_text is not None:
            self._span_text = span_text
        self.setEnabled(event is not None)
        if self.place_search is not None:
            self.place_search.hide()
        self._show(event, skip=None)

    def refresh(
        self, event: EventInfo | None, *, skip: str | None = None, span_text: dict[str, str] | None = None
    ) -> None:
        """Show the event's values; the field being typed into (``skip``) keeps its own text, and so
        does every field whose text is not saved."""
        self.current = event
        if span_text is not None:
            self._span_text = span_text
        self._show(event, skip=skip)

    def _show(self, event: EventInfo | None, *, skip: str | None) -> None:
        self._loading = True
        try:
            fields = event.fields if event else None
            event_type = fields.event_type if fields else ""
            sub = self.fields.get("sub_event_type")
            if sub is not None and sub.filled_for != event_type:
                sub.fill_choices(self.codebook, event_type)
            for name, editor in self.fields.items():
                keys = tuple(event.evidence.get(name, ())) if event else ()
                editor.set_evidence(keys, [self._span_text.get(k, k) for k in keys])
                key = self._key(name)
                unsaved = self._unsaved.get(key) if key is not None and name != skip else None
                if unsaved is not None:
                    editor.set_text(unsaved.text)
                    if (editor.state, editor.reason) != (unsaved.state, unsaved.reason):
                        editor.set_state(unsaved.state, unsaved.reason, self.theme)
                    if name not in COMMON and name not in COMPANION_OF:
                        self.show_more(True)  # text not saved stays in sight
                    continue
                if editor.state != SAVED:
                    editor.set_state(SAVED, theme=self.theme)
                # Only a field being typed into keeps its text; pickers always show the stored value.
                if name != skip or not editor.typed:
                    editor.set_value(getattr(fields, name) if fields else None)
            self._show_derived()
            self._show_notice()
        finally:
            self._loading = False
        self._announce()

    def _show_derived(self) -> None:
        if self.current is None:
            self.derived.setText(
                "No event selected. Ctrl+N makes one; Ctrl+Shift+N makes one from the spans in the selected text."
            )
            return
        f = self.current.fields
        d = self.codebook.derive(f.event_date, f.sub_event_type, f.inter1, f.inter2, f.country)
        parts = [d["disorder_type"] or "disorder type —"]
        code = d["interaction"]
        parts.append(
            f"interaction {code} {self.codebook.interaction_text(code)}" if code is not None else "interaction —"
        )
        # The country's ISO code and region before the year, which the Date field shows already:
        # in a narrow pane the line elides from the end, whole parts at a time.
        parts.append(f"ISO {d['iso']} {d['region']}" if d["iso"] is not None else "ISO —")
        parts.append(f"year {d['year']}" if d["year"] else "year —")
        self.derived.set_parts(parts)

    def _show_notice(self) -> None:
        """The notice line: reasons first; else the evidence of the field hovered or in use."""
        if any(e.state != SAVED for e in self.fields.values()):
            self.evidence_line.hide()
            return
        self.evidence_line.show()
        name = self.hovered_field or self.current_field
        editor = self.fields.get(name) if name else None
        if editor is None or not editor.evidence_keys:
            self.evidence_line.setText(HINT if self.current is not None else "")
            return
        quoted = ", ".join(f"“{isolate(' '.join(t.split())[:40])}”" for t in editor.evidence_texts)
        self.evidence_line.setText(f"{LRM}{TITLES[editor.name]} ⟵ {quoted}")

    def value_of(self, name: str) -> Any:
        return getattr(self.current.fields, name) if self.current is not None else None

    # ------------------------------------------------------------------ saved or not

    def show_error(self, name: str, reason: str | None) -> None:
        """The database refused the field's text (``reason``), or took it (None)."""
        editor = self.fields.get(name)
        key = self._key(name)
        if editor is None or key is None:
            return
        if reason is None:
            self._unsaved.pop(key, None)
            editor.sent = editor.text() or ""
            if editor.state != SAVED:
                editor.set_state(SAVED, theme=self.theme)
        else:
            text = editor.text()
            if text is None:  # a picker or the check box: it shows what is stored again
                editor.set_value(self.value_of(name))
                editor.set_state(REFUSED, reason, self.theme)
            else:
                self._unsaved[key] = Unsaved(text, reason, REFUSED)
                editor.set_state(REFUSED, reason, self.theme)
                if name not in COMMON and name not in COMPANION_OF:
                    self.show_more(True)
        self._show_notice()
        self._announce()

    def _mark_pending(self, name: str, text: str, reason: str) -> None:
        key = self._key(name)
        if key is None:
            return
        self._unsaved[key] = Unsaved(text, reason, PENDING)
        self.fields[name].set_state(PENDING, reason, self.theme)
        self._show_notice()
        self._announce()

    def _drop_unsaved(self, name: str) -> None:
        """Esc in a field whose text is not saved: show what is stored again."""
        key = self._key(name)
        if key is None or key not in self._unsaved:
            return
        del self._unsaved[key]
        editor = self.fields[name]
        editor.set_value(self.value_of(name))
        editor.set_state(SAVED, theme=self.theme)
        self._show_notice()
        self._announce()

    def forget_missing(self, article_id: int | None, event_keys: set[str]) -> None:
        """Drop unsaved text of events of ``article_id`` that no longer exist (deleted, undone)."""
        gone = [k for k in self._unsaved if k[0] == article_id and k[1] not in event_keys]
        for k in gone:
            del self._unsaved[k]
        if gone:
            self._announce()

    def unsaved(self) -> list[tuple[int | None, str, str, Unsaved]]:
        """Every text on screen or kept for another event that the database does not have."""
        return [(a, e, f, u) for (a, e, f), u in self._unsaved.items()]

    def unsaved_text(self) -> str:
        if not self._unsaved:
            return ""
        names = []
        for (article, event, name), _u in self._unsaved.items():
            here = self.current is not None and (article, event) == (self.article_id, self.current.key)
            names.append(name.replace("_", " ") if here else f"{name.replace('_', ' ')} (event {event})")
        return "Not saved: " + ", ".join(dict.fromkeys(names))

    def _announce(self) -> None:
        self.unsavedChanged.emit(self.unsaved_text())

    # ------------------------------------------------------------------ typing

    def user_edit(self, name: str, value: Any) -> None:
        if self._loading or self.current is None:
            return
        editor = self.fields.get(name)
        if editor is not None and editor.typed:
            editor.sent = editor.text() or ""
        self.edited.emit(name, value)

    def typed(self, name: str, text: str) -> None:
        """A key press in a line edit: send the text (an actor with the type that follows it)."""
        if self._loading or self.current is None:
            return
        editor = self.fields[name]
        value: Any = text
        if FIELDS[name].type is ValueType.FLOAT and _DECIMAL_COMMA.match(text):
            value = text.replace(",", ".")
        if name in ACTOR_FIELDS and editor.popup is not None:
            editor.popup.refresh(_last_part(name, text))
        if FIELDS[name].type_field and self.assist is not None:
            values = self.assist.with_actor_types(self.current, {name: value})
            if len(values) > 1:
                editor.sent = text
                self.editedFields.emit(values)
                return
        self.user_edit(name, value)

    def left_field(self, name: str) -> None:
        """The coder left a line edit (or pressed Enter): send its text if it was never sent.
        (Hand-typed actors are not learnt for completion here: a half-typed name would be; the
        project's actors are read again when the next article opens.)"""
        editor = self.fields.get(name)
        if editor is None or self.current is None or self._loading:
            return
        text = editor.text() or ""
        key = self._key(name)
        if text != editor.sent and (key not in self._unsaved or self._unsaved[key].text != text):
            self.typed(name, text)
        elif key in self._unsaved:
            editor.restyle(self.theme)  # now said loudly

    # ---- actors

    def actor_choices(self, name: str, typed: str) -> list[Choice]:
        if self.assist is None:
            return []
        labels = self.codebook.actor_type_labels
        out = []
        for option in self.assist.actor_options(typed, self.current, limit=12):
            kind = {"project": f"coded {option.uses}×", "generic": "generic", "codebook": "named"}.get(
                option.source, ""
            )
            code = option.type_code
            detail = " · ".join(p for p in (f"{code} {labels.get(code, '')}" if code else "", kind) if p)
            out.append(Choice(option.name, detail, option))
        return out

    def actor_chosen(self, name: str, choice: Choice) -> None:
        """A completion chosen: the name (the last of several associates) and its type, one edit."""
        editor = self.fields[name]
        if self.current is None:
            return
        text = editor.text() or ""
        if FIELDS[name].multi_valued:
            parts = split_multi(text)
            if parts and not text.rstrip().endswith(";"):
                parts = parts[:-1]
            value = "; ".join([*parts, choice.text])
        else:
            value = choice.text
        editor.set_text(value)
        values: dict[str, Any] = {name: value}
        if FIELDS[name].type_field and self.assist is not None:
            values = self.assist.with_actor_types(self.current, values)
        editor.sent = value
        if len(values) > 1:
            self.editedFields.emit(values)
        else:
            self.edited.emit(name, value)
        if self.assist is not None and name in ("actor1", "actor2"):
            option = choice.value
            self.assist.learn_actor(choice.text, getattr(option, "type_code", None))

    # ---- the country

    def resolve_country(self, text: str) -> str | None:
        """The country ``text`` names: the codebook's name typed in any case, or the only country
        whose name begins with (or else contains) it. None when it names none or several."""
        typed = " ".join(text.split()).casefold()
        if not typed:
            return ""
        if typed in self._countries:
            return self._countries[typed]
        for test in (str.startswith, str.__contains__):
            found = {name for key, name in self._countries.items() if test(key, typed)}
            if len(found) == 1:
                return found.pop()
        return None

    def _complete_country(self, text: str) -> str | None:
        """The country ``text`` names once typed to its end: exactly one name, and no other name
        goes on from it ("Niger" could still become "Nigeria")."""
        typed = " ".join(text.split()).casefold()
        name = self._countries.get(typed)
        if name is None:
            return None
        longer = {n for key, n in self._countries.items() if key.startswith(typed) and n != name}
        return None if longer else name

    def country_choices(self, typed: str) -> list[Choice]:
        key = " ".join(typed.split()).casefold()
        if not key:
            return []
        region = {c.name: c.region for c in self.codebook.countries}
        starts = sorted({n for k, n in self._countries.items() if k.startswith(key)})
        inside = sorted({n for k, n in self._countries.items() if key in k} - set(starts))
        return [Choice(n, region.get(n, ""), n) for n in (*starts, *inside)][:12]

    def country_typed(self, text: str) -> None:
        """A key press in the country: saved at once when it names one country, else marked."""
        if self._loading or self.current is None:
            return
        editor = self.fields["country"]
        if editor.popup is not None:
            editor.popup.refresh(text)
        name = self._complete_country(text)
        if not text.strip():
            name = ""
        if name is not None:
            self._send_country(name)
        else:
            self._mark_pending("country", text, "type the whole name, or pick it from the list (Down)")

    def country_chosen(self, name: str) -> None:
        if self.current is None or self._loading:
            return
        resolved = self.resolve_country(name)
        if resolved is None:
            self.settle_country()
            return
        self._send_country(resolved)

    def settle_country(self) -> None:
        """Leaving the country (or navigating): save what it names, or say it is not a country."""
        editor = self.fields.get("country")
        if editor is None or self.current is None or self._loading:
            return
        text = editor.text() or ""
        key = self._key("country")
        unsaved = self._unsaved.get(key) if key is not None else None
        if text == editor.sent and unsaved is None:
            return
        name = self.resolve_country(text)
        if name is None:
            reason = f"“{text.strip()}” names no single country of the codebook: pick one from the list"
            if key is not None:
                self._unsaved[key] = Unsaved(text, reason, REFUSED)
            editor.set_state(REFUSED, reason, self.theme)
            self._show_notice()
            self._announce()
            return
        self._send_country(name)

    def _send_country(self, name: str) -> None:
        editor = self.fields["country"]
        if editor.text() != name:
            editor.set_text(name)  # the codebook's spelling of what was typed
        key = self._key("country")
        stored = text_of(self.value_of("country"))
        if name == stored:
            # Nothing to save (the text settled on the stored value): just clear the mark.
            if key is not None and key in self._unsaved:
                del self._unsaved[key]
            editor.sent = editor.text() or ""
            if editor.state != SAVED:
                editor.set_state(SAVED, theme=self.theme)
                self._show_notice()
            self._announce()
            return
        if editor.popup is not None and name:
            editor.popup.hide()
        editor.sent = editor.text() or ""
        self.edited.emit("country", name)

    # ---- before navigating

    def flush(self) -> None:
        """Send whatever is typed and not yet sent (the controller calls this before the article
        or the event changes, the screen before undo and before the window closes)."""
        if self.current is None or self._loading:
            return
        for name, editor in self.fields.items():
            if editor.popup is not None:
                editor.popup.hide()
            if name == "country":
                self.settle_country()
            elif editor.typed and isinstance(editor.editor, QLineEdit):
                self.left_field(name)

    # ------------------------------------------------------------------ places (Ctrl+G)

    def open_place_search(self, text: str | None = None) -> None:
        """Look a place up and fill every place field with it (one edit)."""
        if self.current is None:
            return
        if self.assist is None or self.assist.places is None:
            self.notify.emit("The place look-up is still being prepared; try again in a moment.", 4000)
            return
        from annotator.ui.coding.place_search import PlaceSearch

        self.flush()
        if self.place_search is None:
            self.place_search = PlaceSearch(self.assist, self.codebook, self)
            self.place_search.chosen.connect(self._place_chosen)
        location = self.fields.get("location")
        typed = text if text is not None else (location.text() or "") if location is not None else ""
        row = self.rows.get("location") or self
        self.place_search.open_for(self.current, typed, row.mapToGlobal(QPoint(0, row.height())), self.width())

    def _place_chosen(self, fields: dict[str, Any]) -> None:
        if self.current is None:
            return
        for name in fields:
            key = self._key(name)
            if key is not None:
                self._unsaved.pop(key, None)
        self.placeChosen.emit(fields)
        self.focus_field("location")

    # ------------------------------------------------------------------ evidence and menus

    def mark_fields_using(self, span_key: str | None) -> None:
        for editor in self.fields.values():
            editor.set_marked(span_key is not None and span_key in editor.evidence_keys)

    def _link_current(self) -> None:
        name = self.field_of(self.focusWidget()) or self.current_field
        if name:
            self.linkRequested.emit(name)

    def _unlink_current(self) -> None:
        name = self.field_of(self.focusWidget()) or self.current_field
        if name and self.fields[name].evidence_keys:
            self.unlinkRequested.emit(name, self.fields[name].evidence_keys[-1])

    def _field_menu(self, name: str, pos: Any) -> None:
        editor = self.fields[name]
        menu = QMenu(self)
        link = menu.addAction("Link selected span  (Ctrl+L)")
        link.triggered.connect(lambda: self.linkRequested.emit(name))
        for key in editor.evidence_keys:
            text = " ".join(self._span_text.get(key, key).split())[:40]
            act = menu.addAction(f"Unlink “{text}”")
            act.triggered.connect(lambda _c=False, k=key: self.unlinkRequested.emit(name, k))
        menu.exec(editor.editor.mapToGlobal(pos))

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        name = self._widget_field.get(watched)  # type: ignore[call-overload]
        if name is None:
            return False
        kind = e.type()
        if kind == QEvent.Type.Enter:
            self.hovered_field = name
            self.hovered.emit(name)
            self._show_notice()
        elif kind == QEvent.Type.Leave:
            self.hovered_field = None
            self.hovered.emit(None)
            self._show_notice()
        elif kind == QEvent.Type.FocusIn:
            self.current_field = name
            self.focused.emit(name)
            self._show_notice()
        elif kind == QEvent.Type.FocusOut:
            self.fields[name].restyle(self.theme)
        elif kind == QEvent.Type.KeyPress:
            key_event: Any = e
            if key_event.key() == Qt.Key.Key_Escape and self._key(name) in self._unsaved:
                self._drop_unsaved(name)
                return True
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(e, QDropEvent)
            if e.mimeData().hasFormat(SPAN_MIME):
                e.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(e, QDropEvent)
            if e.mimeData().hasFormat(SPAN_MIME):
                keys = bytes(e.mimeData().data(SPAN_MIME).data()).decode().split("\n")
                for key in filter(None, keys):
                    self.spanDropped.emit(name, key)
                e.acceptProposedAction()
                return True
        return False


def _last_part(name: str, text: str) -> str:
    """What to complete: the whole text, or the last of several associated actors."""
    if FIELDS[name].multi_valued:
        return text.rsplit(";", 1)[-1].strip()
    return text
