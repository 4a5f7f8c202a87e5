"""annotator team init|add|list|set-role|disable: the people of a project and their roles.

Passwords never come from the command line (it shows in process lists and shell history): from a
prompt, or the first line of ``--password-file``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from annotator.domain.errors import UserError


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser("team", help="the project's coders, reviewers and leads (roles enforced on a server)")
    tsub = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    init = tsub.add_parser(
        "init",
        help="set up a PostgreSQL server for the team: schema, group roles and row-level security "
        "(run by the database's owner; running it again changes nothing)",
    )
    init.add_argument(
        "--group-prefix",
        metavar="NAME",
        help="group roles are NAME_coder, NAME_reviewer, NAME_lead (default: annotator)",
    )
    init.set_defaults(handler=run_init)
    # No abbreviations: '--password SECRET' must be refused, not taken for '--password-file SECRET'.
    add = tsub.add_parser("add", help="add a person: on a server, their login with a password", allow_abbrev=False)
    add.add_argument("name")
    add.add_argument("--role", default="coder", help="coder, reviewer or lead (default: coder)")
    add.add_argument("--password-file", metavar="FILE", help="read the password from the first line of FILE")
    add.set_defaults(handler=run_add)
    ls = tsub.add_parser("list", help="list the people with their roles and work")
    ls.set_defaults(handler=run_list)
    role = tsub.add_parser("set-role", help="change a person's role")
    role.add_argument("name")
    role.add_argument("role", help="coder, reviewer or lead")
    role.set_defaults(handler=run_set_role)
    off = tsub.add_parser("disable", help="stop a person from logging in and seeing anything; their work stays")
    off.add_argument("name")
    off.set_defaults(handler=run_disable)
    for q in (init, add, ls, role, off):
        add_db_option(q)


def _project(args: argparse.Namespace) -> Any:
    from annotator.services.project import open_project

    return open_project(args.db, codebook=args.codebook, create=False)


def run_init(args: argparse.Namespace) -> int:
    from annotator.services.team import init_team

    project = _project(args)
    try:
        done = init_team(project, prefix=args.group_prefix)
    finally:
        project.close()
    if not done:
        print("Nothing to do: the server is set up for the team.")
    for line in done:
        print(f"- {line}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from annotator.services.team import add_member, is_server, parse_role

    role = parse_role(args.role)
    project = _project(args)
    try:
        password = _password(args, args.name) if is_server(project) else None
        if password is None and args.password_file:
            raise UserError("a SQLite project has no logins: leave out --password-file")
        member = add_member(project, args.name, role, password=password)
    finally:
        project.close()
    print(f"Added {member.name} as {member.role.value}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from annotator.services.team import list_members

    project = _project(args)
    try:
        members = list_members(project)
    finally:
        project.close()
    if not members:
        print("No coders yet ('annotator team add NAME --role ROLE').")
        return 0
    width = max(len(m.name) for m in members)
    print(f"{'NAME':<{width}}  {'ROLE':<8}  {'STATE':<8}  {'ASSIGNED':>8}  {'SETS':>5}")
    for m in members:
        state = "active" if m.active else "disabled"
        if m.login is False and m.active:
            state = "no login"
        print(f"{m.name:<{width}}  {m.role.value:<8}  {state:<8}  {m.assigned:>8}  {m.sets:>5}")
    return 0


def run_set_role(args: argparse.Namespace) -> int:
    from annotator.services.team import parse_role, set_role

    role = parse_role(args.role)
    project = _project(args)
    try:
        member = set_role(project, args.name, role)
    finally:
        project.close()
    print(f"{member.name} is now {member.role.value}.")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from annotator.services.team import disable_member

    project = _project(args)
    try:
        member = disable_member(project, args.name)
    finally:
        project.close()
    print(f"{member.name} is disabled; their work stays in the project.")
    return 0


def _password(args: argparse.Namespace, name: str) -> str:
    if args.password_file:
        path = Path(args.password_file)
        try:
            first = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UserError(f"{path}: cannot be read: {exc.strerror}") from None
        if not first or not first[0]:
            raise UserError(f"{path}: the first line holds no password")
        return first[0]
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for the password: give --password-file FILE")
    import getpass

    password = getpass.getpass(f"Password for {name}: ")
    if not password:
        raise UserError("the password is empty")
    if getpass.getpass("Again: ") != password:
        raise UserError("the passwords differ")
    return password
