"""The team: who codes, with which role, and the server set up so the database enforces it.

On PostgreSQL a person's login *is* their coder name: ``team add`` creates the login role (the
password reaches the server only as a SCRAM verifier) and the ``coders`` row, and puts the login in
the group of its role; the row-level-security policies (``store.security``) then decide what each
connection sees. On SQLite (one person's file) there are no logins: the person at the keyboard picks
their coder name, and these functions manage the ``coders`` rows and their roles only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select, text, update

from annotator.domain.errors import UserError
from annotator.domain.models import Role
from annotator.services.permissions import as_user_errors
from annotator.services.project import Project
from annotator.store import security
from annotator.store.repository import assignments_t, coder_names, coders_t, sets_t, settings_t
from annotator.store.retry import run_transaction

PREFIX_KEY = "group_prefix"


@dataclass(frozen=True)
class Member:
    name: str
    role: Role
    active: bool
    login: bool | None  # None on SQLite, which has no logins
    assigned: int
    sets: int


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise UserError(f"'{value}' is not a role (one of: coder, reviewer, lead)") from None


def is_server(project: Project) -> bool:
    return project.engine.dialect.name == "postgresql"


def group_prefix(conn: Connection) -> str:
    found = conn.scalar(select(settings_t.c.value).where(settings_t.c.key == PREFIX_KEY))
    return str(found) if found else security.DEFAULT_PREFIX


# ---------------------------------------------------------------- setting a server up


def init_team(project: Project, *, prefix: str | None = None) -> list[str]:
    """Group roles, grants and policies on the project's server (run by the tables' owner). What was
    done, in words; nothing the second time."""
    if not is_server(project):
        raise UserError(
            "'team init' sets up a PostgreSQL server for a team; a SQLite file is one person's, "
            "who codes under the name they pick"
        )

    def body(conn: Connection) -> list[str]:
        stored = conn.scalar(select(settings_t.c.value).where(settings_t.c.key == PREFIX_KEY))
        wanted = security.check_prefix(prefix) if prefix else (stored or security.DEFAULT_PREFIX)
        if stored and stored != wanted:
            raise UserError(
                f"this project's group roles are already named {stored}_coder, {stored}_reviewer, {stored}_lead"
            )
        done = []
        if not stored:
            conn.execute(insert(settings_t).values(key=PREFIX_KEY, value=wanted))
            done.append(f"group roles named {wanted}_coder, {wanted}_reviewer, {wanted}_lead")
        return done + security.install(conn, wanted)

    return as_user_errors(lambda: run_transaction(project.engine, body))


# ---------------------------------------------------------------- people


def add_member(project: Project, name: str, role: Role, *, password: str | None = None) -> Member:
    """A new coder (reviewer, lead). On a server, with a login and ``password``."""
    name = name.strip()
    if is_server(project):
        security.check_login_name(name)
        if not password:
            raise UserError("a login on the server needs a password")
    elif not name:
        raise UserError("a coder needs a name")

    def body(conn: Connection) -> None:
        existing = conn.execute(select(coders_t.c.id, coders_t.c.active).where(coders_t.c.name == name)).first()
        if is_server(project):
            prefix = group_prefix(conn)
            if security.login_exists(conn, name):
                raise UserError(f"'{name}' is already a login on this server")
            assert password is not None
            security.create_login(conn, name, _verifier(conn, name, password))
            security.set_group(conn, name, role, prefix)
        elif existing is not None and existing.active:
            raise UserError(f"'{name}' is already a coder in this project")
        if existing is None:
            conn.execute(insert(coders_t).values(name=name, role=role.value))
        else:  # a coder known from imported work gets a role (and, on a server, a login)
            conn.execute(
                update(coders_t)
                .where(coders_t.c.id == existing.id)
                .values(role=role.value, active=True, version=coders_t.c.version + 1)
            )

    as_user_errors(lambda: run_transaction(project.engine, body))
    return member(project, name)


def set_role(project: Project, name: str, role: Role) -> Member:
    def body(conn: Connection) -> None:
        _require(conn, name)
        if is_server(project) and security.login_exists(conn, name):
            security.set_group(conn, name, role, group_prefix(conn))
        conn.execute(
            update(coders_t).where(coders_t.c.name == name).values(role=role.value, version=coders_t.c.version + 1)
        )

    as_user_errors(lambda: run_transaction(project.engine, body))
    return member(project, name)


def disable_member(project: Project, name: str) -> Member:
    """The person can no longer log in or see anything; their work stays, and counts."""

    def body(conn: Connection) -> None:
        _require(conn, name)
        if is_server(project) and security.login_exists(conn, name):
            security.disable_login(conn, name, group_prefix(conn))
        conn.execute(
            update(coders_t).where(coders_t.c.name == name).values(active=False, version=coders_t.c.version + 1)
        )

    as_user_errors(lambda: run_transaction(project.engine, body))
    return member(project, name)


def list_members(project: Project) -> list[Member]:
    with project.engine.connect() as conn:
        return _members(conn, None, server=is_server(project))


def member(project: Project, name: str) -> Member:
    with project.engine.connect() as conn:
        found = _members(conn, name, server=is_server(project))
    if not found:
        raise UserError(f"there is no coder '{name}' in this project")
    return found[0]


def whoami(project: Project) -> Member | None:
    """On a server, the person this connection logged in as (None: a login that is not a coder, such
    as the administrator's). On SQLite, None: the app asks who is at the keyboard."""
    if not is_server(project):
        return None
    with project.engine.connect() as conn:
        name = conn.scalar(text("SELECT session_user"))
        found = _members(conn, str(name), server=True)
    return found[0] if found else None


def _members(conn: Connection, name: str | None, *, server: bool) -> list[Member]:
    assigned = select(assignments_t.c.coder_id, func.count().label("n")).group_by(assignments_t.c.coder_id).subquery()
    sets = select(sets_t.c.coder_id, func.count().label("n")).group_by(sets_t.c.coder_id).subquery()
    q = (
        select(
            coders_t.c.name, coders_t.c.role, coders_t.c.active, assigned.c.n.label("assigned"), sets.c.n.label("sets")
        )
        .outerjoin(assigned, assigned.c.coder_id == coders_t.c.id)
        .outerjoin(sets, sets.c.coder_id == coders_t.c.id)
        .order_by(coders_t.c.name)
    )
    if name is not None:
        q = q.where(coders_t.c.name == name)
    rows = conn.execute(q).all()
    logins: set[str] = set()
    if server and rows:
        logins = set(
            conn.scalars(
                text("SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname = ANY(:names)"),
                {"names": [r.name for r in rows]},
            )
        )
    return [
        Member(
            r.name,
            Role(r.role) if r.role in Role.__members__.values() else Role.CODER,
            bool(r.active),
            (r.name in logins) if server else None,
            int(r.assigned or 0),
            int(r.sets or 0),
        )
        for r in rows
    ]


def _require(conn: Connection, name: str) -> None:
    if conn.scalar(select(coders_t.c.id).where(coders_t.c.name == name)) is None:
        known = ", ".join(coder_names(conn)) or "none yet"
        raise UserError(f"there is no coder '{name}' in this project (coders: {known})")


def _verifier(conn: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password, computed here by libpq as psql's \\password does."""
    raw = conn.connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    return bytes(pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")).decode()
