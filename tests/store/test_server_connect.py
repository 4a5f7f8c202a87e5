"""Connecting to a PostgreSQL server (issue 12, point 1): TLS off the loopback, the password never in the
URL, the login as the coder's identity, and a plain sentence for each refusal."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from annotator.services.project import open_project
from annotator.store import server
from annotator.store.engine import make_engine


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("", True), ("/var/run/postgresql", True), ("localhost", True), ("127.0.0.1", True), ("::1", True),
     ("127.0.0.2", True), ("db.example.org", False), ("10.0.0.5", False), ("192.168.1.20", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert server.is_loopback(host) is loopback


def test_other_machines_are_reached_over_tls_unless_the_user_says_otherwise() -> None:
    remote = "postgresql+psycopg://amal@db.example.org/events"
    engine = make_engine(remote)
    assert engine.url.query["sslmode"] == "require"
    engine.dispose()
    assert "sslmode" not in make_engine("postgresql+psycopg://amal@127.0.0.1/events").url.query
    # An sslmode the user wrote is kept, as is the Connect dialog's unticked box.
    assert make_engine(remote + "?sslmode=verify-full").url.query["sslmode"] == "verify-full"
    assert make_url(server.server_url("db.example.org", "events", "amal", encrypt=False)).query["sslmode"] == "prefer"
    assert make_url(server.server_url("db.example.org", "events", "amal")).query["sslmode"] == "require"
    assert "sslmode" not in make_url(server.server_url("localhost", "events", "amal", 5433)).query


def test_passwords_are_taken_out_of_urls() -> None:
    url, password = server.split_password("postgresql+psycopg://amal:s3cr%40t@db.example.org:5433/events")
    assert password == "s3cr@t" and url == "postgresql+psycopg://amal@db.example.org:5433/events"
    assert server.without_password(url) == url
    assert server.describe(url) == "events on db.example.org:5433"


def _operational(message: str) -> OperationalError:
    return OperationalError("connect", {}, Exception(message))


def test_an_unknown_sslmode_is_refused_by_name() -> None:
    with pytest.raises(server.ConnectionProblem, match="'maybe' is not an sslmode"):
        server.with_tls_policy("postgresql+psycopg://amal@10.0.0.5/events?sslmode=maybe")
    kept = "postgresql+psycopg://amal@10.0.0.5/events?sslmode=disable"
    assert server.with_tls_policy(kept) == kept  # the user said so
    assert server.with_tls_policy("postgresql+psycopg://amal@[::1]/events") == "postgresql+psycopg://amal@[::1]/events"


@pytest.mark.parametrize(
    ("driver_says", "kind", "we_say"),
    [
        ('connection failed: password authentication failed for user "amal"', server.LoginRefused, "password is wrong"),
        (
            "connection failed: fe_sendauth: no password supplied",
            server.PasswordNeeded,
            "asks for the password of amal",
        ),
        (
            "connection failed: server does not support SSL, but SSL was required",
            server.NoTLS,
            "does not offer encrypted",
        ),
        ('connection failed: FATAL: role "amal" does not exist', server.LoginRefused, "no user amal"),
        ('connection failed: FATAL: database "events" does not exist', server.ConnectionProblem, "no database events"),
        ('connection failed: FATAL: role "amal" is not permitted to log in', server.LoginRefused, "amal is disabled"),
        (
            'could not translate host name "db.example.org" to address',
            server.ConnectionProblem,
            "Cannot find the server db.example.org",
        ),
        (
            "connection failed: Connection refused",
            server.ConnectionProblem,
            "Cannot connect to events on db.example.org",
        ),
    ],
)
def test_each_refusal_is_one_plain_sentence(driver_says: str, kind: type, we_say: str) -> None:
    problem = server.explain(_operational(driver_says), "postgresql+psycopg://amal@db.example.org/events")
    assert type(problem) is kind and we_say in str(problem)
    assert "Traceback" not in str(problem) and "\n" not in str(problem)


@pytest.mark.postgres
def test_a_server_without_tls_gets_a_clear_message(pg_url: str) -> None:
    with pytest.raises(server.NoTLS, match="does not offer encrypted"):
        open_project(pg_url + "&sslmode=require")


@pytest.mark.postgres
def test_a_failed_login_says_so(pg_url: str) -> None:
    wrong = pg_url.replace("postgres@", "nobody_here@")
    with pytest.raises(server.LoginRefused, match="no user nobody_here"):
        open_project(wrong)


@pytest.mark.postgres
def test_the_login_is_the_identity_and_the_password_stays_out_of_the_url(pg_url: str) -> None:
    with_password = pg_url.replace("postgres@", "postgres:not-needed-here@")
    project = open_project(with_password)
    try:
        assert project.login == "postgres"
        assert "not-needed-here" not in project.url and make_url(project.url).password is None
    finally:
        project.close()
