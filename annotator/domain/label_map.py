"""Labels of another annotation tool mapped to the codebook's span labels.

A team coming from brat, doccano, Label Studio or INCEpTION has labels of its own ("ORG", "GPE").
``--map ORG=actor,GPE=location`` says which codebook label each one becomes. A tool label that is
already a codebook label (exactly, or but for case) needs no mapping. A label that maps to nothing
is not dropped silently: every span with it is counted under the label, with the first place it was
seen, so the import can report it and the lead can map it and import again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.domain.codebook import Codebook
from annotator.domain.errors import UserError


@dataclass
class Unmapped:
    """Spans left out because their label maps to no codebook label."""

    spans: int = 0  # (or events, or event arguments: see ``what``)
    first_seen: str = ""  # "file, item 2" or "file:12": where to look
    what: str = "span(s) not imported"


@dataclass
class LabelMap:
    codebook: Codebook
    explicit: dict[str, str] = field(default_factory=dict)
    unmapped: dict[str, Unmapped] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: str | Iterable[str] | None, codebook: Codebook) -> LabelMap:
        """``"ORG=actor,GPE=location"`` (or several such strings); every target must be a codebook label."""
        if specs is None:
            specs = ()
        if isinstance(specs, str):
            specs = (specs,)
        explicit: dict[str, str] = {}
        by_lower = {name.lower(): name for name in codebook.label_names}
        for spec in specs:
            for item in spec.split(","):
                if not item.strip():
                    continue
                source, sep, target = item.partition("=")
                source, target = source.strip(), target.strip()
                if not sep or not source or not target:
                    raise UserError(f"--map: '{item.strip()}' is not LABEL=codebook_label (for example ORG=actor)")
                name = target if target in codebook.label_by_name else by_lower.get(target.lower())
                if name is None:
                    raise UserError(
                        f"--map: '{target}' (for {source}) is not a span label of the codebook "
                        f"({', '.join(codebook.label_names)})"
                    )
                if source in explicit and explicit[source] != name:
                    raise UserError(f"--map: '{source}' is mapped twice ({explicit[source]} and {name})")
                explicit[source] = name
        return cls(codebook, explicit)

    def resolve(self, label: str, where: str) -> str | None:
        """The codebook label for a tool's ``label``; None (and counted as unmapped) when there is none."""
        found = self.explicit.get(label)
        if found is None:
            found = label if label in self.codebook.label_by_name else None
        if found is None:
            lowered = label.lower()
            found = next((n for n in self.codebook.label_names if n.lower() == lowered), None)
        if found is None:
            self.note(label, where)
        return found

    def note(self, name: str, where: str, what: str = "span(s) not imported") -> None:
        """Count something of the tool's that has no place in the codebook (a label, an event type, a role)."""
        entry = self.unmapped.setdefault(name, Unmapped(first_seen=where, what=what))
        entry.spans += 1

    def report(self) -> list[str]:
        """One line per unmapped label, most spans first."""
        ordered = sorted(self.unmapped.items(), key=lambda kv: (-kv[1].spans, kv[0]))
        return [f"{label}: {u.spans} {u.what} (first in {u.first_seen})" for label, u in ordered]
