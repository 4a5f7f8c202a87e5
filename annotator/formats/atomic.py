"""Atomic file output: write beside the target, fsync, then rename over it.

A failed or cancelled export leaves no half-written file, and an existing file is only replaced by a
complete one. The temporary sibling is named ``.NAME.PID-TOKEN.part`` (a folder for brat), so that
one killed before it could clean up (SIGKILL, a power cut) is recognised by the next export to the
same target and removed once its writer is gone. Files and folders are created through the
operating system with the usual permissions, so the user's umask applies (as for any file they save),
not the private 0600 of a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from annotator.domain.errors import UserError

# Leftovers of a writer that is not running are removed; without a way to ask whether it runs
# (Windows), only those older than this.
_STALE_AFTER_S = 24 * 3600


def part_name(target: Path, suffix: str = "part") -> str:
    """The name of a temporary sibling of ``target`` written by this process."""
    return f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.{suffix}"


def _writer_gone(pid: int, path: Path) -> bool:
    if pid == os.getpid():
        return False  # another export of this process, still running
    if os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # it runs, as another user
        return False
    try:
        return time.time() - path.stat().st_mtime > _STALE_AFTER_S
    except OSError:
        return False


def sweep_stale_parts(target: Path) -> int:
    """Remove the temporary siblings of ``target`` that a killed export left behind; a brat folder
    moved aside just before being replaced is put back if the target is missing. Returns how many."""
    folder = target.parent if str(target.parent) else Path(".")
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)-[0-9a-f]+\.(part|part2|old)")
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if not found or not _writer_gone(int(found.group(1)), entry):
            continue
        try:
            if found.group(2) == "old" and not target.exists():
                entry.rename(target)  # killed between moving the old folder aside and the new one in
            elif entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
        except OSError:
            continue  # in use or not ours to remove: left for a later sweep
    return removed


@contextlib.contextmanager
def atomic_output(
    path: str | Path, *, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{target}: the folder {folder} does not exist")
    sweep_stale_parts(target)
    tmp = folder / part_name(target)
    # 0o666 and O_EXCL: the umask decides the permissions, and nothing already there is reused.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_directory_output(path: str | Path) -> Iterator[Path]:
    """A temporary sibling folder that replaces ``path`` only if the block completes."""
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"{target}: the folder {parent} does not exist")
    sweep_stale_parts(target)
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} exists and is not a folder")
    tmp = parent / part_name(target)
    tmp.mkdir(0o777)  # the umask applies
    try:
        yield tmp
        if target.exists():
            old = parent / part_name(target, "old")
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
