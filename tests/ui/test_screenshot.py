"""annotator screenshot renders the window offscreen to a PNG with the sample data on it.

The pictures are checked for what they show, not only their size: the article's title and text are
painted (a picture of a long article differs from one of a near-empty article, line by line, in the
middle of the window), the same article gives the same picture, and the text area is not blank."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from annotator.cli import main

SIZE = (1200, 800)
PARAGRAPHS = [
    f"Paragraph {i}: residents of the river town said the market stayed closed for a day while traders waited."
    for i in range(1, 13)
]


def pixels(path: Path) -> np.ndarray:
    """The picture as a height × width × RGB array of ints."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, : w * 4]
    return raw.reshape(h, w, 4)[..., 2::-1].astype(np.int16)  # BGRA in memory -> RGB


def differing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pixels that differ visibly (not by a rounding of anti-aliasing)."""
    return np.abs(a - b).sum(axis=2) > 60


def line_bands(mask: np.ndarray, min_pixels: int = 15) -> int:
    """How many separate horizontal bands of rows hold differences: one per line of text drawn."""
    rows = mask.sum(axis=1) > min_pixels
    return int(rows[0]) + int(np.sum(rows[1:] & ~rows[:-1]))


def text_area(image: np.ndarray) -> np.ndarray:
    """The middle of the window, where the article is."""
    h, w, _ = image.shape
    return image[h // 5 : h * 3 // 5, w // 4 : w * 7 // 10]


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("shots")
    records = [
        {"id": "long", "title": "Market traders protest closure in river town", "text": "\n\n".join(PARAGRAPHS)},
        {"id": "tiny", "title": "x", "text": "x."},
    ]
    source = folder / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = str(folder / "shots.db")
    assert main(["import", str(source), "--db", db]) == 0
    return db


def _shot(db: str, article: str, out: Path) -> np.ndarray:
    size = f"{SIZE[0]}x{SIZE[1]}"
    assert main(["screenshot", str(out), "--db", db, "--article", article, "--size", size]) == 0
    return pixels(out)


def test_screenshot_of_the_demo(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shot.png"
    assert main(["screenshot", str(out), "--demo", "--size", "1200x800", "--theme", "dark"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    assert "Wrote" in capsys.readouterr().out
    # Dark theme: the window background is dark.
    assert image.pixelColor(5, 790).lightness() < 80
    # The article's text is drawn in the middle: light glyphs on the dark page, anti-aliased.
    area = text_area(pixels(out))
    page = np.median(area.reshape(-1, 3), axis=0)
    ink = np.abs(area - page).sum(axis=2) > 150
    assert 0.02 < ink.mean() < 0.4
    assert line_bands(ink, min_pixels=5) >= 5
    assert len(np.unique(area.reshape(-1, 3), axis=0)) > 50


def test_the_picture_shows_the_articles_title_and_text(two_articles: str, tmp_path: Path) -> None:
    long = _shot(two_articles, "long", tmp_path / "long.png")
    again = _shot(two_articles, "long", tmp_path / "again.png")
    tiny = _shot(two_articles, "tiny", tmp_path / "tiny.png")
    assert long.shape == (SIZE[1], SIZE[0], 3)
    assert not differing(long, again).any()  # the same article, the same picture
    changed = differing(long, tiny)
    assert changed.mean() > 0.03
    # One band per line of title and text (the paragraphs wrap to two lines each, with gaps between).
    assert line_bands(changed) >= 15
    # ... and they are in the middle of the window, where the article is, not in the side panels.
    columns = changed.sum(axis=0)
    centre = float((columns * np.arange(SIZE[0])).sum() / columns.sum())
    assert SIZE[0] * 0.25 < centre < SIZE[0] * 0.65


def test_screenshot_of_an_article_by_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ar.png"
    assert main(["screenshot", str(out), "--demo", "--article", "sample-006"]) == 0
    assert QImage(str(out)).width() == 1440
    other = tmp_path / "first.png"
    assert main(["screenshot", str(other), "--demo", "--article", "sample-001"]) == 0
    arabic, first = pixels(out), pixels(other)
    assert arabic.shape == first.shape == (900, 1440, 3)
    # The article asked for is the one shown: its picture is not the default article's.
    assert line_bands(differing(text_area(arabic), text_area(first))) >= 4


def test_screenshot_rejects_bad_size(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["screenshot", str(tmp_path / "x.png"), "--size", "huge"])
    assert "is not a size" in capsys.readouterr().err


def test_screenshot_of_an_unknown_article(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["screenshot", str(tmp_path / "x.png"), "--demo", "--article", "nope"]) == 1
    assert "no article 'nope'" in capsys.readouterr().err
