"""annotator screenshot renders the window offscreen to a PNG with the sample data on it."""

from __future__ import annotations

from PySide6.QtGui import QImage

from annotator.cli import main


def test_screenshot_of_the_demo(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shot.png"
    assert main(["screenshot", str(out), "--demo", "--size", "1200x800", "--theme", "dark"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    assert "Wrote" in capsys.readouterr().out
    # Dark theme: the window background is dark.
    assert image.pixelColor(5, 790).lightness() < 80


def test_screenshot_of_an_article_by_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ar.png"
    assert main(["screenshot", str(out), "--demo", "--article", "sample-006"]) == 0
    assert QImage(str(out)).width() == 1440


def test_screenshot_rejects_bad_size(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(SystemExit):
        main(["screenshot", str(tmp_path / "x.png"), "--size", "huge"])
    assert "is not a size" in capsys.readouterr().err


def test_screenshot_of_an_unknown_article(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["screenshot", str(tmp_path / "x.png"), "--demo", "--article", "nope"]) == 1
    assert "no article 'nope'" in capsys.readouterr().err
