"""Roles and row-level security on PostgreSQL: the database decides what each login may touch.

Three group roles, named ``<prefix>_coder``, ``<prefix>_reviewer`` and ``<prefix>_lead`` (the prefix
is ``annotator`` unless ``team init`` is given another, and is kept in the ``settings`` table), get
the table privileges; each person logs in with their own login role, a member of one group. What a
login sees is then decided row by row by the policies below, from the ``coders`` row whose name is
the login (``session_user``), its role and whether it is active:

* a coder reads the articles assigned to them and their own annotation sets (with their spans,
  events and evidence), and writes only those sets;
* reviewers and leads read everything; reviewers write gold sets and may change any set's status
  (reopening a set), leads write everything;
* only leads add articles (import), assignments, coders and codebooks;
* a gold set's provenance is read and written with the set; reviewers and leads send articles back
  with notes, which the coder they are for reads.

The owner of the tables (whoever ran ``team init``, usually the server's administrator) is not
subject to the policies. Nothing here trusts a name the client sends: a coder's name is their login.
Every statement is safe to run again (``install`` twice changes nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from annotator.domain.errors import UserError
from annotator.domain.models import Role

DEFAULT_PREFIX = "annotator"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,62}$")
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

# Tables whose rows the policies guard, and the ones every member may only read.
_GUARDED = (
    "articles",
    "coders",
    "assignments",
    "annotation_sets",
    "spans",
    "events",
    "evidence",
    "codebooks",
    "provenance",
    "review_notes",
)
_READ_ONLY = ("settings", "alembic_version", "gazetteer_places")


@dataclass(frozen=True)
class Groups:
    prefix: str

    def of(self, role: Role) -> str:
        return f"{self.prefix}_{role.value}"

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(self.of(r) for r in Role)


def check_login_name(name: str) -> str:
    """A coder's name on a server is a PostgreSQL login: letters, digits, '_', '.', '-', up to 63."""
    if not _NAME.match(name):
        raise UserError(
            f"'{name}' cannot be a login name: use letters, digits, '_', '.' or '-', starting with a letter "
            "(at most 63 characters)"
        )
    return name


def check_prefix(prefix: str) -> str:
    if not _PREFIX.match(prefix):
        raise UserError(f"'{prefix}' cannot prefix role names: use lower-case letters, digits and '_'")
    return prefix


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------- the policies

_FUNCTIONS = (
    # The caller's coder id and role, from their login; NULL for a disabled or unknown login, which
    # every policy then refuses. STABLE, and used as (SELECT f()) so that a query asks once.
    """CREATE OR REPLACE FUNCTION annotator_me() RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT id FROM coders WHERE name = session_user AND active $$""",
    """CREATE OR REPLACE FUNCTION annotator_role() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT role FROM coders WHERE name = session_user AND active $$""",
    # May the caller write the set's content? Leads any set, reviewers gold sets, a coder their own.
    """CREATE OR REPLACE FUNCTION annotator_writes_set(target integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
            SELECT 1 FROM annotation_sets s WHERE s.id = target AND (
                annotator_role() = 'lead'
                OR (s.kind = 'gold' AND annotator_role() = 'reviewer')
                OR (s.kind = 'coder' AND s.coder_id = annotator_me())
            )
        ) $$""",
)

_SEES_ALL = "(SELECT annotator_role()) IN ('reviewer', 'lead')"
_IS_LEAD = "(SELECT annotator_role()) = 'lead'"
_ME = "(SELECT annotator_me())"

# (table, policy name, command, USING, WITH CHECK)
_POLICIES: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    (
        "articles",
        "articles_read",
        "SELECT",
        f"{_SEES_ALL} OR EXISTS (SELECT 1 FROM assignments a WHERE a.article_id = articles.id AND a.coder_id = {_ME})",
        None,
    ),
    ("articles", "articles_write", "WRITE", _IS_LEAD, _IS_LEAD),
    ("coders", "coders_read", "SELECT", "true", None),
    ("coders", "coders_write", "WRITE", _IS_LEAD, _IS_LEAD),
    ("assignments", "assignments_read", "SELECT", f"{_SEES_ALL} OR coder_id = {_ME}", None),
    ("assignments", "assignments_write", "WRITE", _IS_LEAD, _IS_LEAD),
    ("codebooks", "codebooks_read", "SELECT", "true", None),
    ("codebooks", "codebooks_write", "WRITE", _IS_LEAD, _IS_LEAD),
    ("annotation_sets", "sets_read", "SELECT", f"{_SEES_ALL} OR coder_id = {_ME}", None),
    (
        "annotation_sets",
        "sets_insert",
        "INSERT",
        None,
        f"{_IS_LEAD} OR (kind = 'gold' AND (SELECT annotator_role()) = 'reviewer') OR (kind = 'coder' "
        f"AND coder_id = {_ME} AND EXISTS (SELECT 1 FROM assignments a WHERE a.article_id = annotation_sets.article_id "
        f"AND a.coder_id = {_ME}))",
    ),
    (
        "annotation_sets",
        "sets_update",
        "UPDATE",
        f"{_SEES_ALL} OR coder_id = {_ME}",
        f"{_SEES_ALL} OR (coder_id = {_ME} AND kind = 'coder')",
    ),
    ("annotation_sets", "sets_delete", "DELETE", f"{_IS_LEAD} OR (coder_id = {_ME} AND kind = 'coder')", None),
    ("spans", "spans_read", "SELECT", "EXISTS (SELECT 1 FROM annotation_sets s WHERE s.id = spans.set_id)", None),
    ("spans", "spans_write", "WRITE", "annotator_writes_set(set_id)", "annotator_writes_set(set_id)"),
    ("events", "events_read", "SELECT", "EXISTS (SELECT 1 FROM annotation_sets s WHERE s.id = events.set_id)", None),
    ("events", "events_write", "WRITE", "annotator_writes_set(set_id)", "annotator_writes_set(set_id)"),
    ("evidence", "evidence_read", "SELECT", "EXISTS (SELECT 1 FROM events e WHERE e.id = evidence.event_id)", None),
    (
        "evidence",
        "evidence_write",
        "WRITE",
        "annotator_writes_set((SELECT e.set_id FROM events e WHERE e.id = evidence.event_id))",
        "annotator_writes_set((SELECT e.set_id FROM events e WHERE e.id = evidence.event_id))",
    ),
    # Provenance goes with its (gold) set; notes sent back are the reviewers' and leads', read by their coder.
    (
        "provenance",
        "provenance_read",
        "SELECT",
        "EXISTS (SELECT 1 FROM annotation_sets s WHERE s.id = provenance.set_id)",
        None,
    ),
    ("provenance", "provenance_write", "WRITE", "annotator_writes_set(set_id)", "annotator_writes_set(set_id)"),
    ("review_notes", "review_notes_read", "SELECT", f"{_SEES_ALL} OR coder_id = {_ME}", None),
    ("review_notes", "review_notes_write", "WRITE", _SEES_ALL, _SEES_ALL),
)


def install(conn: Connection, prefix: str = DEFAULT_PREFIX) -> list[str]:
    """Create the group roles, grants, functions and policies that are missing; what was done, in words.

    Run by the tables' owner (it needs CREATEROLE for the groups). Safe to run again."""
    check_prefix(prefix)
    groups = Groups(prefix)
    done: list[str] = []
    for group in groups.all:
        if not conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": group}):
            conn.execute(text(f"CREATE ROLE {_ident(group)} NOLOGIN"))
            done.append(f"created group role {group}")
    schema = conn.scalar(text("SELECT current_schema()"))
    everyone = ", ".join(_ident(g) for g in groups.all)
    writers = everyone
    lead = _ident(groups.of(Role.LEAD))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {everyone}"))
    for table in (*_GUARDED, *_READ_ONLY, "id_counters"):
        conn.execute(text(f"GRANT SELECT ON {table} TO {everyone}"))
    for table in ("annotation_sets", "spans", "events", "evidence", "id_counters", "provenance", "review_notes"):
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {writers}"))
    for table in ("articles", "coders", "assignments", "codebooks", "settings", "gazetteer_places"):
        conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {lead}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_ident(schema)} TO {everyone}"))
    for statement in _FUNCTIONS:
        conn.execute(text(statement))
    for table in _GUARDED:
        enabled = conn.scalar(
            text("SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass(:t)"), {"t": f"{_ident(schema)}.{table}"}
        )
        if not enabled:
            conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
            done.append(f"row-level security on {table}")
    existing = set(
        conn.execute(text("SELECT tablename, policyname FROM pg_policies WHERE schemaname = :s"), {"s": schema}).all()
    )
    for table, name, command, using, check in _expanded():
        if (table, name) in existing:
            continue
        clauses = f" USING ({using})" if using else ""
        clauses += f" WITH CHECK ({check})" if check else ""
        conn.execute(text(f"CREATE POLICY {name} ON {table} FOR {command}{clauses}"))
        done.append(f"policy {name}")
    return done


def _expanded() -> list[tuple[str, str, str, str | None, str | None]]:
    """The policies, a WRITE one as three (insert, update, delete): a FOR ALL policy would also be
    asked on every read, where the cheaper read policy already answers."""
    out: list[tuple[str, str, str, str | None, str | None]] = []
    for table, name, command, using, check in _POLICIES:
        if command != "WRITE":
            out.append((table, name, command, using, check))
            continue
        out.append((table, f"{name}_insert", "INSERT", None, check))
        out.append((table, f"{name}_update", "UPDATE", using, check))
        out.append((table, f"{name}_delete", "DELETE", using, None))
    return out


# ---------------------------------------------------------------- logins


def login_exists(conn: Connection, name: str) -> bool:
    return bool(conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}))


def create_login(conn: Connection, name: str, password_verifier: str) -> None:
    """A login role with a password given as a SCRAM verifier (the password itself never reaches the
    server, its logs or this process's SQL)."""
    # Not text(): a verifier holds colons, which text() would take for bound parameters.
    conn.exec_driver_sql(f"CREATE ROLE {_ident(name)} LOGIN PASSWORD '{_verifier(password_verifier)}'")


def set_password(conn: Connection, name: str, password_verifier: str) -> None:
    conn.exec_driver_sql(f"ALTER ROLE {_ident(name)} LOGIN PASSWORD '{_verifier(password_verifier)}'")


def _verifier(value: str) -> str:
    if not re.fullmatch(r"SCRAM-SHA-256\$[A-Za-z0-9+/=:$]+", value):
        raise ValueError("not a SCRAM-SHA-256 verifier")
    return value


def set_group(conn: Connection, name: str, role: Role, prefix: str) -> None:
    """Make the login a member of exactly the group of ``role``; leads may create and change logins."""
    groups = Groups(prefix)
    for other in Role:
        if other is not role:
            conn.execute(text(f"REVOKE {_ident(groups.of(other))} FROM {_ident(name)}"))
    conn.execute(text(f"GRANT {_ident(groups.of(role))} TO {_ident(name)}"))
    attribute = "CREATEROLE" if role is Role.LEAD else "NOCREATEROLE"
    conn.execute(text(f"ALTER ROLE {_ident(name)} {attribute}"))


def disable_login(conn: Connection, name: str, prefix: str) -> None:
    """No more logging in, and no group: the person's work stays."""
    groups = Groups(prefix)
    for role in Role:
        conn.execute(text(f"REVOKE {_ident(groups.of(role))} FROM {_ident(name)}"))
    conn.execute(text(f"ALTER ROLE {_ident(name)} NOLOGIN NOCREATEROLE"))


def group_of(conn: Connection, name: str, prefix: str) -> Role | None:
    groups = Groups(prefix)
    for role in Role:
        if conn.scalar(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :g AND u.rolname = :u"
            ),
            {"g": groups.of(role), "u": name},
        ):
            return role
    return None
