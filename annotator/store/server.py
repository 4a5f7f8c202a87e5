"""Connecting to a PostgreSQL server: TLS off the loopback, passwords kept out of URLs, clear refusals.

* A server that is not on this machine is reached over TLS: a URL without ``sslmode`` gets
  ``sslmode=require``. A server without TLS then refuses, and the message says why, rather than a
  password and a coder's work crossing the network in plain text. The user may say otherwise with
  an explicit ``sslmode`` (the Connect dialog's "Encrypt the connection" box writes ``prefer``).
* The password never goes in the URL (URLs are shown, remembered among recent projects and logged):
  it is given to the driver apart, from the Connect dialog's prompt or the system keyring; with
  none, libpq reads ``PGPASSFILE`` (or ~/.pgpass) itself.
* The driver's errors become one plain sentence each (``ConnectionProblem`` and its kinds).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from sqlalchemy.engine import URL, make_url

from annotator.domain.errors import UserError

KEYRING_SERVICE = "annotator"
CONNECT_TIMEOUT_S = 10


class ConnectionProblem(UserError):
    """The server could not be reached or refused the connection."""


class PasswordNeeded(ConnectionProblem):
    """The server asks for a password and none was given (nor found in PGPASSFILE or the keyring)."""


class LoginRefused(ConnectionProblem):
    """Wrong password, or no such login on the server."""


class NoTLS(ConnectionProblem):
    """TLS was required and the server does not offer it."""


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def is_loopback(host: str | None) -> bool:
    """This machine: no host (a local socket), a socket folder, localhost or a loopback address."""
    if not host or host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# libpq's sslmode values (https://www.postgresql.org/docs/current/libpq-ssl.html).
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def with_tls_policy(url: str) -> str:
    """``url`` with ``sslmode=require`` added when it names another machine and says no sslmode.

    An sslmode libpq does not know is refused here, by name, rather than by the driver later."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    mode = parsed.query.get("sslmode")
    if mode is not None:
        if mode not in SSLMODES:
            raise ConnectionProblem(f"'{mode}' is not an sslmode (one of: {', '.join(SSLMODES)})")
        return url
    if is_loopback(parsed.host):
        return url
    return parsed.update_query_dict({"sslmode": "require"}).render_as_string(hide_password=False)


def server_url(host: str, database: str, user: str = "", port: int | None = None, *, encrypt: bool = True) -> str:
    """The URL of a database on a server, without a password. ``encrypt=False`` asks for TLS only if
    the server offers it (``prefer``) instead of requiring it off the loopback."""
    query = {} if encrypt or is_loopback(host) else {"sslmode": "prefer"}
    url = URL.create(
        "postgresql+psycopg", username=user or None, host=host or None, port=port, database=database, query=query
    )
    return with_tls_policy(url.render_as_string(hide_password=False))


def without_password(url: str) -> str:
    """``url`` with any password taken out (what may be shown or remembered)."""
    parsed = make_url(url)
    if parsed.password is None:
        return url
    bare = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


def split_password(url: str) -> tuple[str, str | None]:
    """A URL someone typed with a password in it: the URL without it, and the password."""
    parsed = make_url(url)
    password = parsed.password
    return without_password(url), (str(password) if password is not None else None)


def describe(url: str) -> str:
    """How to name a server database to a person: ``events on db.example.org``."""
    parsed = make_url(url)
    host = parsed.host or "this machine"
    if parsed.port:
        host = f"{host}:{parsed.port}"
    return f"{parsed.database} on {host}"


def connect_args(url: str, password: str | None) -> dict[str, Any]:
    """Driver arguments for a PostgreSQL engine: the password apart from the URL, a connect timeout."""
    args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if password:
        args["password"] = password
    return args


def explain(exc: BaseException, url: str) -> ConnectionProblem | None:
    """The plain sentence for a failed connection, or None if ``exc`` is something else."""
    from sqlalchemy.exc import OperationalError

    if not isinstance(exc, OperationalError):
        return None
    parsed = make_url(url)
    text = str(getattr(exc, "orig", None) or exc)
    low = text.lower()
    where = describe(url)
    user = parsed.username or "your login"
    if "server does not support ssl" in low or ("ssl" in low and "required" in low and "not" in low):
        return NoTLS(
            f"The server {parsed.host} does not offer encrypted (TLS) connections, so Annotator did not log in "
            "(your password and work would cross the network unprotected). Ask the server's administrator "
            "to turn TLS on, or untick “Encrypt the connection” if you trust this network."
        )
    if "no password supplied" in low or "password is required" in low:
        return PasswordNeeded(f"{where} asks for the password of {user}.")
    if "password authentication failed" in low:
        return LoginRefused(f"The server refused the login of {user} to {where}: the password is wrong.")
    if "not permitted to log in" in low:
        return LoginRefused(f"The server refused the login: the login {user} is disabled on {parsed.host or 'it'}.")
    if "could not translate host name" in low or "name or service not known" in low:
        return ConnectionProblem(f"Cannot find the server {parsed.host}: check its name and the network.")
    if "role" in low and "does not exist" in low:
        return LoginRefused(f"The server refused the login: there is no user {user} on {parsed.host or 'it'}.")
    if "database" in low and "does not exist" in low:
        return ConnectionProblem(f"There is no database {parsed.database} on {parsed.host or 'the server'}.")
    if "authentication" in low or "no pg_hba.conf entry" in low:
        return LoginRefused(f"The server refused the login of {user} to {where}: {_first_line(text)}")
    return ConnectionProblem(f"Cannot connect to {where}: {_first_line(text)}")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "no reason given"


# ---------------------------------------------------------------- the system keyring (optional)


def _keyring_user(url: str) -> str:
    parsed = make_url(without_password(url))
    return f"{parsed.username or ''}@{parsed.host or ''}:{parsed.port or 5432}/{parsed.database or ''}"


def keyring_password(url: str) -> str | None:
    """The password saved in the system keyring for this login and database, if any."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _keyring_user(url))
    except Exception:  # no keyring package, or no keyring on this desktop: there is none to use
        return None


def save_keyring_password(url: str, password: str) -> bool:
    """Keep the password in the system keyring; False if this machine has no keyring."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_user(url), password)
        return True
    except Exception:
        return False


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:
        return False
