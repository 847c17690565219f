"""A record as JSON in the person's $VISUAL or $EDITOR, opened again until it is valid
(``edit --editor``; the review of drafts in ``import``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from cstolog.domain.errors import InvalidInput

T = TypeVar("T")
ERROR_MARK = "// "


def edit_until_valid(
    text: str, check: Callable[[str], T], *, name: str = "meeting.json"
) -> T | None:
    """``check`` of the text the person saved, or None when it came back unchanged. When
    ``check`` refuses it (InvalidInput), the file opens again with the error on its first
    lines; those lines are dropped when it is read back."""
    error = ""
    while True:
        shown = (f"{ERROR_MARK}{error}\n{ERROR_MARK}fix it, or save unchanged to give up\n"
                 if error else "") + text  # fmt: skip
        edited = run_editor(shown, name)
        body = "\n".join(ln for ln in edited.splitlines() if not ln.startswith(ERROR_MARK))
        if body.strip() == text.strip():
            return None
        text = body + "\n"
        try:
            return check(body)
        except InvalidInput as exc:
            error = str(exc)


def run_editor(text: str, name: str = "meeting.json") -> str:
    import os
    import shlex
    import subprocess
    import tempfile

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="cstolog-edit-") as folder:
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            done = subprocess.run([*shlex.split(command), path], check=False)
        except OSError as exc:
            raise InvalidInput(f"cannot start the editor {command!r}: {exc.strerror}") from None
        if done.returncode != 0:
            raise InvalidInput(
                f"the editor {command!r} exited with {done.returncode}; nothing stored"
            )
        with open(path, encoding="utf-8") as fh:
            return fh.read()
