"""A team server for the tests: a fresh schema with ``team init`` run, and login roles made on demand.

Roles are cluster-wide, so every name carries this run's tag; the schema (and with it every grant)
is dropped first at the end, then the roles."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.models import Role


@dataclass
class TeamServer:
    url: str
    prefix: str
    tag: str
    admin: Any  # the owner's Project
    logins: list[str] = field(default_factory=list)
    opened: list[Any] = field(default_factory=list)

    def name(self, base: str) -> str:
        return f"{base}_{self.tag}"

    def add(self, base: str, role: Role) -> str:
        from annotator.services.team import add_member

        name = self.name(base)
        add_member(self.admin, name, role, password=f"pw-{self.tag}")
        self.logins.append(name)
        return name

    def url_of(self, name: str) -> str:
        return self.url.replace("://postgres@", f"://{name}@", 1)

    def plain_url_of(self, name: str) -> str:
        return self.url_of(name).replace("+psycopg", "")

    def open_as(self, name: str) -> Any:
        from annotator.services.project import open_project

        project = open_project(self.url_of(name))
        self.opened.append(project)
        return project

    def one_article_for_two_coders(self, text: str, folder: Path) -> tuple[list[str], int]:
        """A lead imports one article holding ``text`` and assigns it to two coders, who code it
        blind; the coders' login names and the article's id (read under the first one's login)."""
        import json

        import psycopg

        from annotator.services.assignment import assign
        from annotator.services.importing import import_paths

        lead = self.add("lead", Role.LEAD)
        coders = [self.add(f"coder{i}", Role.CODER) for i in (1, 2)]
        source = folder / "articles.jsonl"
        source.write_text(json.dumps({"id": "a1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
        as_lead = self.open_as(lead)
        import_paths(as_lead, [source])
        assign(as_lead, coders, 2, batch="b", seed=1)
        with psycopg.connect(self.plain_url_of(coders[0])) as conn:
            (article,) = conn.execute("SELECT id FROM articles").fetchone()
        return coders, article


@pytest.fixture
def team_server(pg_schemas: Any) -> Iterator[TeamServer]:
    import psycopg

    from annotator.services.project import open_project
    from annotator.services.team import init_team

    url = pg_schemas.new_url()
    tag = uuid.uuid4().hex[:8]
    admin = open_project(url)
    server = TeamServer(url, f"t{tag}", tag, admin)
    init_team(admin, prefix=server.prefix)
    try:
        yield server
    finally:
        for project in server.opened:
            project.close()
        admin.close()
        schema = url.rsplit("%3D", 1)[1]
        with psycopg.connect(pg_schemas.plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            for name in server.logins:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,))
                conn.execute(f'DROP ROLE IF EXISTS "{name}"')
            for role in Role:
                conn.execute(f'DROP ROLE IF EXISTS "{server.prefix}_{role.value}"')
