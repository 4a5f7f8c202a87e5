"""Writes the hostile-file corpus (tests/hostile/corpus/) and its manifest of expected errors.

Each file holds one thing wrong, found by a reliability probe (issue 14) or by reading the input
contract; the manifest gives the one-line error each must get: its line, its field and a fragment of
the reason. Most files start with a good article on line 1, so the test also sees that nothing of a
refused file is imported. Run ``python -m tests.hostile.make_corpus`` after changing a case; the
files are kept in the repository so that a reader's change is tested against the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = CORPUS / "expected.json"

TEXT = "Protesters marched in Nairobi on Tuesday. Police watched."


def good(article_id: str = "good-1", *, event_id: str | None = None) -> dict[str, Any]:
    """A valid article with one coder's span and event."""
    fields: dict[str, Any] = {
        "event_date": "2024-06-11",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kenya)",
        "inter1": 6,
        "country": "Kenya",
        "fatalities": 0,
        "time_precision": 1,
        "geo_precision": 1,
    }
    if event_id:
        fields["event_id_cnty"] = event_id
    return {
        "id": article_id,
        "title": "A march",
        "text": f"{TEXT} ({article_id})",
        "source": "Wire",
        "url": "https://example.org/a",
        "published": "2024-06-12",
        "language": "en",
        "meta": {"batch": 1},
        "annotations": [
            {
                "coder": "amal",
                "kind": "coder",
                "status": "done",
                "spans": [{"id": "T1", "start": 0, "end": 10, "label": "actor", "text": "Protesters"}],
                "events": [{"id": "E1", "fields": fields, "evidence": {"actor1": ["T1"]}}],
            }
        ],
    }


SET = "annotations[0]"
SPAN = f"{SET}.spans[0]"
EVENT = f"{SET}.events[0]"
FIELDS = f"{EVENT}.fields"

# Raw JSON text put in place of a value: things json.dumps cannot write.
HUGE = "9" * 5000
DEEP = "[" * 1000 + "]" * 1000


class Case:
    def __init__(self, name: str, content: bytes, line: int | None, field: str | None, reason: str) -> None:
        self.name, self.content, self.line, self.field, self.reason = name, content, line, field, reason


def _jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=True)


def _mutated(change: Callable[[dict[str, Any]], object], article_id: str = "bad-2") -> str:
    record = good(article_id)
    change(record)
    return _line(record)


def _raw(path: list[str | int], raw_json: str, article_id: str = "bad-2") -> str:
    """The bad record with the value at ``path`` replaced by ``raw_json`` written as is."""
    record = good(article_id)
    target: Any = record
    for key in path[:-1]:
        target = target[key]
    marker = "@@RAW@@"
    target[path[-1]] = marker
    return _line(record).replace(json.dumps(marker), raw_json)


def _bad(name: str, line_text: str, field: str | None, reason: str) -> Case:
    """A JSONL file: a good article on line 1, the bad one on line 2."""
    return Case(name, _jsonl(_line(good()), line_text), 2, field, reason)


def _set(record: dict[str, Any], key: str, value: object) -> None:
    record["annotations"][0][key] = value


def jsonl_cases() -> list[Case]:
    ev = ["annotations", 0, "events", 0]
    fl = [*ev, "fields"]
    cases = [
        # Tracebacks before the contract
        _bad(
            "huge-int-fatalities.jsonl",
            _raw([*fl, "fatalities"], HUGE),
            f"{FIELDS}.fatalities",
            "not finite or too long",
        ),
        _bad("huge-int-meta.jsonl", _raw(["meta", "n"], HUGE), "meta.n", "not finite or too long"),
        _bad("deep-meta.jsonl", _raw(["meta", "deep"], DEEP), None, "nested more than 64 levels"),
        _bad("deep-top.jsonl", DEEP, None, "nested more than 64 levels"),
        _bad("surrogate-title.jsonl", _raw(["title"], '"\\ud800"'), "title", "lone surrogate"),
        _bad("surrogate-text.jsonl", _raw(["text"], '"Protesters \\udfff marched"'), "text", "lone surrogate"),
        _bad("surrogate-id.jsonl", _raw(["id"], '"a\\ud800"'), "id", "lone surrogate"),
        _bad("surrogate-coder.jsonl", _raw(["annotations", 0, "coder"], '"\\ud800"'), f"{SET}.coder", "lone surrogate"),
        _bad(
            "surrogate-span-id.jsonl",
            _raw(["annotations", 0, "spans", 0, "id"], '"\\ud800"'),
            f"{SPAN}.id",
            "surrogate",
        ),
        _bad("surrogate-actor.jsonl", _raw([*fl, "actor1"], '"\\ud83d"'), f"{FIELDS}.actor1", "lone surrogate"),
        _bad("surrogate-meta-key.jsonl", _raw(["meta"], '{"\\ud800": 1}'), "meta.\\ud800", "lone surrogate"),
        _bad(
            "infinity-time-precision.jsonl",
            _raw([*fl, "time_precision"], "Infinity"),
            f"{FIELDS}.time_precision",
            "not finite",
        ),
        _bad(
            "1e999-geo-precision.jsonl", _raw([*fl, "geo_precision"], "1e999"), f"{FIELDS}.geo_precision", "not finite"
        ),
        _bad("400-digits-fatalities.jsonl", _raw([*fl, "fatalities"], "9" * 400), f"{FIELDS}.fatalities", "too long"),
        _bad("nan-latitude.jsonl", _raw([*fl, "latitude"], "NaN"), f"{FIELDS}.latitude", "not finite"),
        _bad(
            "minus-infinity-longitude.jsonl", _raw([*fl, "longitude"], "-Infinity"), f"{FIELDS}.longitude", "not finite"
        ),
        _bad("1e30-fatalities.jsonl", _raw([*fl, "fatalities"], "1e30"), f"{FIELDS}.fatalities", "is outside"),
        _bad("2e9-fatalities.jsonl", _raw([*fl, "fatalities"], "2147483648"), f"{FIELDS}.fatalities", "is outside"),
        _bad("text-1e999-latitude.jsonl", _raw([*fl, "latitude"], '"1e999"'), f"{FIELDS}.latitude", "not a finite"),
        _bad("text-nan-longitude.jsonl", _raw([*fl, "longitude"], '"nan"'), f"{FIELDS}.longitude", "is not a number"),
        _bad("label-list.jsonl", _raw(["annotations", 0, "spans", 0, "label"], '["actor"]'), f"{SPAN}.label", "a list"),
        _bad(
            "label-object.jsonl",
            _raw(["annotations", 0, "spans", 0, "label"], '{"a": 1}'),
            f"{SPAN}.label",
            "an object",
        ),
        _bad(
            "span-id-101.jsonl",
            _raw(["annotations", 0, "spans", 0, "id"], json.dumps("s" * 101)),
            f"{SPAN}.id",
            "at most 100",
        ),
        _bad("event-id-101.jsonl", _raw([*ev, "id"], json.dumps("e" * 101)), f"{EVENT}.id", "at most 100"),
        _bad("article-id-301.jsonl", _raw(["id"], json.dumps("a" * 301)), "id", "at most 300"),
        Case(
            "event-id-cnty-twice.jsonl",
            _jsonl(_line(good("one", event_id="KEN9001")), _line(good("two", event_id="KEN9001"))),
            2,
            f"{FIELDS}.event_id_cnty",
            "KEN9001 is already given at",
        ),
        _bad(
            "event-id-cnty-21.jsonl",
            _raw([*fl, "event_id_cnty"], json.dumps("KEN" + "1" * 18)),
            f"{FIELDS}.event_id_cnty",
            "at most 20",
        ),
        _bad("nul-text.jsonl", _raw(["text"], '"Protesters\\u0000 marched"'), "text", "NUL"),
        _bad("nul-title.jsonl", _raw(["title"], '"a\\u0000b"'), "title", "NUL"),
        _bad("nul-notes.jsonl", _raw([*fl, "notes"], '"a\\u0000b"'), f"{FIELDS}.notes", "NUL"),
        _bad("nul-meta.jsonl", _raw(["meta", "x"], '"a\\u0000b"'), "meta.x", "NUL"),
        _bad("escape-char-source.jsonl", _raw(["source"], '"a\\u001bb"'), "source", "control character (U+001B)"),
        _bad("newline-in-coder.jsonl", _raw(["annotations", 0, "coder"], '"am\\nal"'), f"{SET}.coder", "line break"),
        _bad("language-36.jsonl", _raw(["language"], json.dumps("x" * 36)), "language", "at most 35"),
        _bad(
            "coder-201.jsonl", _raw(["annotations", 0, "coder"], json.dumps("c" * 201)), f"{SET}.coder", "at most 200"
        ),
        _bad(
            "label-101.jsonl",
            _raw(["annotations", 0, "spans", 0, "label"], json.dumps("l" * 101)),
            f"{SPAN}.label",
            "not a span label",
        ),
        # Wrong input accepted before the contract
        _bad("duplicate-key.jsonl", _line(good("bad-2"))[:-1] + ', "title": "again"}', "title", "appears twice"),
        _bad("duplicate-key-in-event.jsonl", _raw([*ev, "id"], '"E1", "id": "E2"'), "id", "appears twice"),
        _bad(
            "unknown-key-event.jsonl",
            _mutated(lambda r: r["annotations"][0]["events"][0].update(colour="red")),
            f"{EVENT}.colour",
            "unknown key",
        ),
        _bad(
            "unknown-key-span.jsonl",
            _mutated(lambda r: r["annotations"][0]["spans"][0].update(note="x")),
            f"{SPAN}.note",
            "unknown key",
        ),
        _bad("unknown-key-set.jsonl", _mutated(lambda r: _set(r, "reviewer", "x")), f"{SET}.reviewer", "unknown key"),
        _bad("nan-title.jsonl", _raw(["title"], "NaN"), "title", "not finite"),
        _bad("infinity-source.jsonl", _raw(["source"], "Infinity"), "source", "not finite"),
        _bad("nan-url.jsonl", _raw(["url"], "NaN"), "url", "not finite"),
        _bad("infinity-language.jsonl", _raw(["language"], "-Infinity"), "language", "not finite"),
        _bad(
            "long-value-message.jsonl",
            _raw([*fl, "country"], json.dumps("Z" * 100_000)),
            f"{FIELDS}.country",
            "100,000 characters",
        ),
        _bad(
            "long-unknown-key.jsonl",
            _raw([*ev, "fields", "k" * 5000], "1"),
            f"{FIELDS}.{'k' * 5000}",
            "not an ACLED column",
        ),
        _bad("not-json.jsonl", "{id: 1}", None, "not valid JSON"),
        _bad("top-array.jsonl", "[1, 2]", None, "must be a JSON object"),
        _bad("top-string.jsonl", '"text"', None, "must be a JSON object"),
        Case("not-utf8.jsonl", _jsonl(_line(good())) + b'{"id": "\xff\xfe"}\n', 2, None, "not UTF-8"),
    ]
    for name, raw in (("false", "false"), ("zero", "0"), ("empty", '""'), ("list", "[]"), ("object", "{}")):
        if name != "empty":
            cases.append(
                _bad(f"kind-{name}.jsonl", _raw(["annotations", 0, "kind"], raw), f"{SET}.kind", "must be one of")
            )
            cases.append(
                _bad(f"status-{name}.jsonl", _raw(["annotations", 0, "status"], raw), f"{SET}.status", "must be one of")
            )
        else:
            cases.append(
                _bad("kind-empty.jsonl", _raw(["annotations", 0, "kind"], raw), f"{SET}.kind", "is not one of")
            )
            cases.append(
                _bad("status-empty.jsonl", _raw(["annotations", 0, "status"], raw), f"{SET}.status", "is not one of")
            )
        if name != "object":
            cases.append(_bad(f"meta-{name}.jsonl", _raw(["meta"], raw), "meta", "must be an object"))
            cases.append(
                _bad(f"fields-{name}.jsonl", _raw([*ev, "fields"], raw), f"{EVENT}.fields", "must be an object")
            )
            cases.append(
                _bad(f"evidence-{name}.jsonl", _raw([*ev, "evidence"], raw), f"{EVENT}.evidence", "must be an object")
            )
        if name != "list":
            cases.append(_bad(f"annotations-{name}.jsonl", _raw(["annotations"], raw), "annotations", "must be a list"))
    for name, raw in (("bool", "true"), ("float", "1.5"), ("nan", "NaN"), ("list", '["E1"]'), ("object", '{"a": 1}')):
        cases.append(
            _bad(
                f"event-id-{name}.jsonl", _raw([*ev, "id"], raw), f"{EVENT}.id", "an id must be text or a whole number"
            )
        )
        cases.append(
            _bad(
                f"span-id-{name}.jsonl", _raw(["annotations", 0, "spans", 0, "id"], raw), f"{SPAN}.id", "an id must be"
            )
        )
        cases.append(_bad(f"article-id-{name}.jsonl", _raw(["id"], raw), "id", "an id must be text or a whole number"))
    cases.append(
        _bad(
            "evidence-id-bool.jsonl",
            _raw([*ev, "evidence", "actor1"], "[true]"),
            f"{EVENT}.evidence.actor1[0]",
            "an id must be",
        )
    )
    return cases


def other_cases() -> list[Case]:
    header = b"id,title,text\r\n"
    return [
        Case("empty.jsonl", b"", None, None, "is empty"),
        Case("bom-only.jsonl", b"\xef\xbb\xbf", None, None, "is empty"),
        Case("blank-only.jsonl", b"\n \n\t\n", None, None, "is empty"),
        Case("header-only.csv", header, None, None, "has a header but no rows"),
        Case(
            "nul-cell.csv",
            header + b"c1,Title,Protesters marched\r\nc2,Ti\x00tle,Police watched\r\n",
            3,
            "title",
            "NUL",
        ),
        Case("nul-meta-cell.csv", b"id,text,desk\r\nc1,Protesters marched,a\x00b\r\n", 2, "meta.desk", "NUL"),
        Case(
            "empty-id.csv",
            header + b"c1,Title,Protesters marched\r\n,Title,Police watched\r\n",
            3,
            "id",
            "id cell is empty",
        ),
        Case("duplicate-header.csv", b"id,text,Text\r\nc1,Protesters marched,other\r\n", 1, None, "twice"),
        Case("duplicate-meta-header.csv", b"id,text,desk,desk\r\nc1,Protesters marched,a,b\r\n", 1, None, "twice"),
        Case(
            "language-36.csv",
            b"id,text,language\r\nc1,Protesters marched," + b"x" * 36 + b"\r\n",
            2,
            "language",
            "at most 35",
        ),
        # The CSV module reads ahead, so a decoding error's line is not exact: not checked (None).
        Case("surrogate-escape.csv", b"id,text\r\nc1,Protesters \xed\xa0\x80 marched\r\n", None, None, "not UTF-8"),
        Case("nul.txt", b"Title\nProtesters marched\x00 in the street\n", 2, None, "NUL"),
        Case("binary.txt", bytes(range(256)) * 4, None, None, "is it a binary file?"),
        Case("escape.txt", b"Title\n\x1b[31mred\n", 2, None, "control character (U+001B)"),
    ]


def all_cases() -> list[Case]:
    return jsonl_cases() + other_cases()


def write() -> None:
    CORPUS.mkdir(exist_ok=True)
    for old in CORPUS.iterdir():
        old.unlink()
    manifest: dict[str, dict[str, Any]] = {}
    for case in all_cases():
        assert case.name not in manifest, case.name
        (CORPUS / case.name).write_bytes(case.content)
        manifest[case.name] = {"line": case.line, "field": case.field, "reason": case.reason}
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
