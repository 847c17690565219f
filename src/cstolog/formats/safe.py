"""What every piece of record text passes through before it reaches a terminal.

Record text is data: Rich markup in it must show as typed, and escape sequences,
C0/C1 controls, bidi overrides and zero-width characters must never reach the terminal
raw. They are shown as visible escapes (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import re

# C0 controls but tab/newline, DEL, C1 controls, bidi embeddings/overrides/isolates and
# marks, zero-width characters, the BOM, line/paragraph separators, interlinear marks.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2069\u3164\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else (f"\\U{code:08x}")
    )


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every unsafe character replaced by a visible escape."""
    cleaned = _UNSAFE.sub(_visible, text)
    cleaned = cleaned.replace("\t", "\\t")
    if not keep_newlines:
        cleaned = cleaned.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return cleaned


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
