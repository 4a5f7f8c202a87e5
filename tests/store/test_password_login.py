"""A login with a wrong password, against a real server that checks passwords (issue 12, "Bad input").

The shared test server trusts every connection from this machine, so it cannot refuse a password.
This module starts a private PostgreSQL cluster of its own (initdb, scram-sha-256, a free port on
127.0.0.1, fsync off), used only here and stopped at the end.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.project import open_project
from annotator.store import server

pytestmark = pytest.mark.postgres

PASSWORD = "right horse battery"


def _bindir() -> Path | None:
    found = shutil.which("pg_config")
    if found:
        done = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        if done.returncode == 0 and (Path(done.stdout.strip()) / "initdb").exists():
            return Path(done.stdout.strip())
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def password_server() -> Iterator[str]:
    """A URL (without a password) of a database on a private server that wants PASSWORD."""
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("initdb was not found; CI must test logins against a server that checks passwords")
        pytest.skip("the PostgreSQL server programs (initdb) are not installed")
    # initdb refuses to run as root: as root, the cluster belongs to the postgres user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="annotator-pw-"))
    data = folder / "data"
    secret = folder / "pw"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    if as_user:
        shutil.chown(folder, "postgres")
        shutil.chown(secret, "postgres")
    port = _free_port()
    ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "--auth=scram-sha-256", "--username=postgres",
             f"--pwfile={secret}", "-E", "UTF8", "--no-instructions"],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [*ctl, "-l", str(folder / "log"), "-w", "start",
             "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"],
            check=True, capture_output=True,
        )  # fmt: skip
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*ctl, "-m", "immediate", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _with_password(url: str, password: str) -> str:
    return url.replace("postgres@", f"postgres:{password.replace(' ', '%20')}@", 1)


def _articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "Police fired tear gas in Juba."}) + "\n", encoding="utf-8")
    return path


def _article_count(url: str) -> int:
    import psycopg

    from annotator.services.live import conninfo

    with psycopg.connect(conninfo(url), password=PASSWORD) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_a_wrong_password_is_one_line_exit_1_and_changes_nothing(
    password_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-passfile"))
    right = _with_password(password_server, PASSWORD)
    assert main(["import", str(_articles(tmp_path)), "--db", right]) == 0
    assert _article_count(password_server) == 1
    capsys.readouterr()

    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "a2", "text": "Another article."}) + "\n", encoding="utf-8")
    wrong = _with_password(password_server, "wrong horse")
    for argv in (["import", str(more)], ["progress"], ["team", "list"]):
        assert main([*argv, "--db", wrong]) == 1
        captured = capsys.readouterr()
        assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
        assert captured.err.startswith("annotator: ") and "the password is wrong" in captured.err
        assert "wrong horse" not in captured.err + captured.out  # the password is never echoed
    assert _article_count(password_server) == 1

    # The app's own opening says the same, as the kind the Connect dialog tells apart.
    with pytest.raises(server.LoginRefused, match=r"refused the login of postgres .*: the password is wrong"):
        open_project(wrong)


def test_the_password_from_pgpassfile_opens_the_project(
    password_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    port = password_server.rsplit(":", 1)[1].split("/")[0]
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{port}:postgres:postgres:{PASSWORD}\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    project = open_project(password_server)  # no password in the URL
    try:
        assert project.login == "postgres"
    finally:
        project.close()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(server.PasswordNeeded, match="asks for the password of postgres"):
        open_project(password_server)
