"""A role's refusal on a team server, said as what the role does not allow (not a traceback)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import UserError
from annotator.store.retry import sqlstate

T = TypeVar("T")

INSUFFICIENT_PRIVILEGE = "42501"


def as_user_errors(action: Callable[[], T]) -> T:
    """Run ``action``; a permission error from the server becomes a UserError."""
    try:
        return action()
    except DBAPIError as exc:
        if sqlstate(exc) == INSUFFICIENT_PRIVILEGE:
            raise UserError(f"your role does not allow this: {permission_reason(exc)}") from None
        raise


def permission_reason(exc: BaseException) -> str:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if "row-level security" in reason or "permission denied" in reason:
        return reason + " (only leads import, assign and add coders; only reviewers and leads write gold sets)"
    return reason
