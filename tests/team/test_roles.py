"""Roles and visibility enforced by the database, checked through plain psycopg with real logins."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import UserError
from annotator.domain.models import Role
from annotator.services import annotate as an
from annotator.services.assignment import assign
from annotator.services.importing import import_paths
from annotator.services.team import init_team, list_members, set_role, whoami

pytestmark = pytest.mark.postgres


def _articles(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"a{i:03}", "text": f"Article {i}: protesters gathered in Juba."}) + "\n")
    return path


def test_each_login_sees_what_its_role_allows(team_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead = team_server.add("lead", Role.LEAD)
    coders = [team_server.add(f"coder{i}", Role.CODER) for i in (1, 2, 3)]
    reviewer = team_server.add("reviewer", Role.REVIEWER)
    as_lead = team_server.open_as(lead)
    import_paths(as_lead, [_articles(tmp_path, 100)])
    plan = assign(as_lead, coders, 2, batch="week 1", seed=7)
    assert sorted(plan.per_coder.values()) == [66, 67, 67]

    # Each coder codes their first assigned article through the app, as themselves.
    first_article: dict[str, int] = {}
    for name in coders:
        project = team_server.open_as(name)
        assert whoami(project).role is Role.CODER  # type: ignore[union-attr]
        with psycopg.connect(team_server.plain_url_of(name)) as conn:
            first_article[name] = conn.execute("SELECT min(id) FROM articles").fetchone()[0]
        an.apply(project, an.AddSpan(an.SetRef(first_article[name], name), 0, 7, "actor"))

    for name in coders:
        with psycopg.connect(team_server.plain_url_of(name)) as conn:
            me = conn.execute("SELECT id FROM coders WHERE name = %s", (name,)).fetchone()[0]
            visible = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            assert visible == plan.per_coder[name] and visible in (66, 67)
            assert conn.execute("SELECT count(*) FROM annotation_sets WHERE coder_id <> %s", (me,)).fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM annotation_sets").fetchone()[0] == 1
            assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 1
            assert conn.execute("SELECT count(*) FROM assignments WHERE coder_id <> %s", (me,)).fetchone()[0] == 0

    # Another coder's span: looked up as the owner, then attacked by coder1.
    with psycopg.connect(team_server.url.replace("+psycopg", "")) as conn:
        (other_span,) = conn.execute(
            "SELECT s.id FROM spans s JOIN annotation_sets a ON a.id = s.set_id JOIN coders c ON c.id = a.coder_id "
            "WHERE c.name = %s",
            (coders[1],),
        ).fetchone()
    with psycopg.connect(team_server.plain_url_of(coders[0])) as conn:
        assert conn.execute("UPDATE spans SET label = 'location' WHERE id = %s", (other_span,)).rowcount == 0
        assert conn.execute("DELETE FROM spans WHERE id = %s", (other_span,)).rowcount == 0
        assert conn.execute("UPDATE annotation_sets SET status = 'done'").rowcount == 1  # only their own
        conn.rollback()
        for statement in (
            "INSERT INTO articles (external_id, title, text, source, url, language, meta, content_hash, created_at) "
            "VALUES ('x', '', 'x', '', '', '', '{}', 'h', now())",
            "INSERT INTO coders (name, role) VALUES ('intruder', 'lead')",
            "INSERT INTO assignments (article_id, coder_id, batch, assigned_at, assigned_by) "
            "SELECT id, 1, '', now(), '' FROM articles LIMIT 1",
            f"INSERT INTO annotation_sets (article_id, coder_id, kind, status, updated_at) "
            f"VALUES ({first_article[coders[0]]}, (SELECT id FROM coders WHERE name = '{coders[0]}'), 'gold', 'in_progress', now())",
            "UPDATE coders SET role = 'lead'",
        ):
            with pytest.raises(psycopg.Error) as err, conn.transaction():
                cursor = conn.execute(statement)
                if cursor.rowcount == 0:  # an UPDATE that touches nothing is refused too
                    raise psycopg.errors.InsufficientPrivilege("no rows")
            assert isinstance(err.value, psycopg.errors.InsufficientPrivilege)

    # The reviewer reads everything and writes gold sets, but does not import.
    with psycopg.connect(team_server.plain_url_of(reviewer)) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 100
        assert conn.execute("SELECT count(*) FROM annotation_sets").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM assignments").fetchone()[0] == 200
    as_reviewer = team_server.open_as(reviewer)
    gold = an.SetRef(first_article[coders[0]], reviewer, an.SetKind.GOLD)
    an.apply(as_reviewer, an.AddSpan(gold, 0, 7, "actor"))
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "new", "text": "A new article."}) + "\n", encoding="utf-8")
    with pytest.raises(DBAPIError, match="permission denied for table articles"):
        import_paths(as_reviewer, [more])
    # A coder cannot write gold, nor code an article not assigned to them.
    as_coder = team_server.open_as(coders[0])
    with pytest.raises(an.CodingError):
        an.apply(as_coder, an.AddSpan(an.SetRef(first_article[coders[0]], coders[0], an.SetKind.GOLD), 0, 7, "actor"))
    with pytest.raises(an.CodingError):
        an.apply(as_coder, an.AddSpan(an.SetRef(first_article[coders[1]] + 1000, coders[0]), 0, 7, "actor"))

    # A reviewer reopens a coder's set: the coder's window, which read it before, is told.
    mine = an.SetRef(first_article[coders[0]], coders[0])
    _inv, changes = an.apply(as_coder, an.SetStatus(mine, an.Status.DONE))
    seen = changes.set_versions[mine]
    an.apply(as_reviewer, an.SetStatus(mine, an.Status.IN_PROGRESS, version=seen))
    with pytest.raises(an.ConflictError, match="now in progress"):
        an.apply(as_coder, an.SetStatus(mine, an.Status.DONE, version=seen))

    members = {m.name: m for m in list_members(team_server.admin)}
    assert members[lead].role is Role.LEAD and members[lead].login is True
    assert members[coders[0]].assigned == plan.per_coder[coders[0]] and members[coders[0]].sets == 1


def test_team_init_twice_changes_nothing(team_server) -> None:  # type: ignore[no-untyped-def]
    def snapshot() -> tuple[object, ...]:
        with psycopg.connect(team_server.url.replace("+psycopg", "")) as conn:
            policies = conn.execute(
                "SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies "
                "WHERE schemaname = current_schema() ORDER BY 1, 2"
            ).fetchall()
            roles = conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY 1", (f"{team_server.prefix}_%",)
            ).fetchall()
            grants = conn.execute(
                "SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants "
                "WHERE table_schema = current_schema() ORDER BY 1, 2, 3"
            ).fetchall()
        return tuple(policies), tuple(roles), tuple(grants)

    before = snapshot()
    assert len(before[0]) >= 20 and len(before[1]) == 3
    assert init_team(team_server.admin) == []
    assert snapshot() == before
    with pytest.raises(UserError, match="already named"):
        init_team(team_server.admin, prefix="other")


def test_roles_change_and_a_disabled_coder_sees_nothing(team_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.services.team import disable_member

    lead = team_server.add("lead", Role.LEAD)
    coder = team_server.add("coder", Role.CODER)
    as_lead = team_server.open_as(lead)
    import_paths(as_lead, [_articles(tmp_path, 4)])
    assign(as_lead, [coder], 1)
    set_role(as_lead, coder, Role.REVIEWER)  # a lead changes roles, not only the administrator
    with psycopg.connect(team_server.plain_url_of(coder)) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    set_role(as_lead, coder, Role.CODER)
    disable_member(as_lead, coder)
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(team_server.plain_url_of(coder))
    members = {m.name: m for m in list_members(as_lead)}
    assert members[coder].active is False and members[coder].login is False
    with pytest.raises(UserError, match="not a role"):
        from annotator.services.team import parse_role

        parse_role("leed")


def test_team_commands_on_a_server(team_server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from annotator.cli import main

    name = team_server.name("cli")
    secret = tmp_path / "pw.txt"
    secret.write_text("s3cret words\n", encoding="utf-8")
    team_server.logins.append(name)
    db = ["--db", team_server.url]
    assert main(["team", "add", name, "--role", "reviewer", "--password-file", str(secret), *db]) == 0
    assert f"Added {name} as reviewer." in capsys.readouterr().out
    with psycopg.connect(team_server.plain_url_of(name)) as conn:  # the login works (trust on this server)
        assert conn.execute("SELECT session_user").fetchone()[0] == name
    with psycopg.connect(team_server.url.replace("+psycopg", "")) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and "s3cret" not in stored
    # No password on the command line, and none from a terminal that is not there.
    with pytest.raises(SystemExit):
        main(["team", "add", "x", "--password", "visible", *db])
    capsys.readouterr()
    assert main(["team", "add", team_server.name("other"), *db]) == 1
    assert "give --password-file FILE" in capsys.readouterr().err
    assert main(["team", "add", "Robert'); DROP TABLE coders;--", "--password-file", str(secret), *db]) == 1
    assert "cannot be a login name" in capsys.readouterr().err
    assert main(["team", "init", *db]) == 0
    assert "Nothing to do" in capsys.readouterr().out
    assert main(["team", "list", *db]) == 0
    assert name in capsys.readouterr().out
