"""The user's config file: defaults for the store, the output format, date parsing and
filters. Flags beat environment variables beat this file beat built-in defaults: that
order is resolved in one place, ``cstolog.cli.settings``; this module reads, checks and
writes the file.

A small TOML file in the platform's config folder (``CSTOLOG_CONFIG`` overrides its
path), read with the standard library's ``tomllib``. ``cstolog config set`` writes it
with the small writer below (strings, booleans, integers and lists of them are all
this file ever holds, so no TOML-writing dependency is needed); comments in a
hand-edited file are not kept by ``set``/``unset``.

Keys (see docs/reports.md, "Configuration"):

    db                 the store file
    output             table, json, ndjson or csv: the default of -o for read commands
    dayfirst           true/false: read 01/02/2024 as 1 February (true) or 2 January
    filters.body       default --body for every command that takes filters (list)
    filters.state      default --state (list)          filters.absent  default --absent
    filters.chair      default --chair                 filters.location, filters.country
    filters.from       default --from (ISO date)       filters.to      default --to
    filters.year       default --year (list of years)  filters.tag     default --tag
    filters.status     default --status (list)

A default filter applies only when its flag is not given on the command line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from cstolog.domain.errors import InvalidInput, WriteFailed
from cstolog.domain.words import boolean_word
from cstolog.storage.fsutil import (
    FolderLock,
    atomic_replace,
    leftover_temp_files,
    lock_timeout_from_env,
    remove_leftovers,
)

CONFIG_ENV = "CSTOLOG_CONFIG"
DB_ENV = "CSTOLOG_DB"
OUTPUT_ENV = "CSTOLOG_OUTPUT"
DAYFIRST_ENV = "CSTOLOG_DAYFIRST"

OUTPUTS = ("table", "json", "ndjson", "csv")

# filter key in the file → (parameter of build_criteria, kind)
FILTERS: dict[str, tuple[str, str]] = {
    "body": ("body", "bodies"),
    "state": ("state", "states"),
    "absent": ("absent_state", "states"),
    "chair": ("chair", "text"),
    "location": ("location", "text"),
    "country": ("country", "text"),
    "from": ("date_from", "date"),
    "to": ("date_to", "date"),
    "year": ("year", "years"),
    "tag": ("tag", "texts"),
    "status": ("status", "statuses"),
}

KEYS: dict[str, str] = {
    "db": "the store file (a path)",
    "output": "default output of read commands: " + ", ".join(OUTPUTS),
    "dayfirst": "read all-numeric dates day first: true or false",
    **{f"filters.{name}": f"default --{name} filter" for name in FILTERS},
}


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("cstolog") / "config.toml"


@cache
def load_config() -> dict[str, Any]:
    path = config_path()
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InvalidInput(f"cannot read the config file {path}: {exc}") from None
    import tomllib  # only when there is a file: most runs have none, and it costs ~2.5 ms

    try:
        with fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read the config file {path}: {exc}") from None
    return data


def _bad(key: str, why: str) -> InvalidInput:
    return InvalidInput(f"config file {config_path()}: {key}: {why}")


def get_value(key: str) -> Any:
    """The value of ``key`` (dotted) in the config file, checked; None when not set."""
    if key not in KEYS:
        raise InvalidInput(f"unknown config key {key!r}; keys: {', '.join(KEYS)}")
    node: Any = load_config()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return _checked(key, node)


def _checked(key: str, value: Any) -> Any:
    """A value read from the file, of the type its key takes (lists may be one item)."""
    if key == "dayfirst":
        if not isinstance(value, bool):
            raise _bad(key, "must be true or false")
        return value
    if key == "output":
        if value not in OUTPUTS:
            raise _bad(key, f"must be one of {', '.join(OUTPUTS)}")
        return value
    if key == "db":
        if not isinstance(value, str) or not value:
            raise _bad(key, "must be a path (a string)")
        return value
    kind = FILTERS[key.split(".", 1)[1]][1]
    if kind in ("text", "date"):
        if not isinstance(value, str):
            raise _bad(key, "must be a string")
        return value
    items = value if isinstance(value, list) else [value]
    if kind == "years":
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in items):
            raise _bad(key, "must be a list of years")
        return items
    if not all(isinstance(v, str) for v in items):
        raise _bad(key, "must be a list of strings")
    return items


# --- effective settings -------------------------------------------------------------


def parse_bool(text: str, what: str) -> bool:
    word = boolean_word(text)
    if word is None:
        raise InvalidInput(f"{what}: {text!r} is not true or false")
    return word


def config_filters() -> dict[str, Any]:
    """The default filters of the config file: build_criteria parameter → value."""
    out: dict[str, Any] = {}
    for name, (param, _kind) in FILTERS.items():
        value = get_value(f"filters.{name}")
        if value is not None and value != []:
            out[param] = value
    return out


# --- setting values -----------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_value(key: str, text: str, *, dayfirst: bool = True) -> Any:
    """The value ``config set KEY TEXT`` stores: checked, names resolved to codes,
    dates to ISO, lists split on commas."""
    if key not in KEYS:
        raise InvalidInput(f"unknown config key {key!r}; keys: {', '.join(KEYS)}")
    if key == "db":
        if not text.strip():
            raise InvalidInput("db: give a path")
        return str(Path(text).expanduser().absolute())
    if key == "output":
        if text.casefold() not in OUTPUTS:
            raise InvalidInput(f"output: {text!r} is not one of {', '.join(OUTPUTS)}")
        return text.casefold()
    if key == "dayfirst":
        return parse_bool(text, key)
    kind = FILTERS[key.split(".", 1)[1]][1]
    if kind == "text":
        if not text.strip():
            raise InvalidInput(f"{key}: empty; use `cstolog config unset {key}`")
        return text.strip()
    if kind == "date":
        from cstolog.domain.dates import parse_date

        return parse_date(text, dayfirst=dayfirst)
    items = _split(text)
    if not items:
        raise InvalidInput(f"{key}: empty; use `cstolog config unset {key}`")
    if kind == "years":
        if not all(item.isdigit() and len(item) == 4 for item in items):
            raise InvalidInput(f"{key}: {text!r} is not a list of years (2023,2024)")
        return [int(item) for item in items]
    if kind == "statuses":
        from cstolog.domain.model import STATUSES

        for item in items:
            if item.casefold() not in STATUSES:
                raise InvalidInput(f"{key}: {item!r} is not one of {', '.join(STATUSES)}")
        return [item.casefold() for item in items]
    if kind in ("bodies", "states"):
        from cstolog.domain.reference import load_reference

        ref = load_reference()
        resolve: Callable[[str], str] = ref.resolve_body if kind == "bodies" else ref.resolve_state
        return list(dict.fromkeys(resolve(item) for item in items))
    return items  # texts


def _check_text(key: str, text: str) -> None:
    """A value must be Unicode text: argv bytes that are not UTF-8 arrive as surrogates."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{key}: the value is not valid UTF-8 text") from None


def set_value(key: str, text: str, *, dayfirst: bool = True) -> Any:
    """Check and store one key (read, change and write under the config's lock);
    returns the stored value."""
    _check_text(key, text)
    value = parse_value(key, text, dayfirst=dayfirst)
    with _locked():
        _set_in(key, value)
    return value


def _set_in(key: str, value: Any) -> None:
    data = _copy(_read_fresh())
    node = data
    *parents, last = key.split(".")
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[last] = value
    write_config(data)


def unset_value(key: str) -> bool:
    """Remove one key; False when it was not set. An emptied table goes too."""
    if key not in KEYS:
        raise InvalidInput(f"unknown config key {key!r}; keys: {', '.join(KEYS)}")
    with _locked():
        return _unset_in(key)


def _unset_in(key: str) -> bool:
    data = _copy(_read_fresh())
    *parents, last = key.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            return False
        node = child
    if last not in node:
        return False
    del node[last]
    if parents and not node:
        del data[parents[0]]
    write_config(data)
    return True


def _copy(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) if isinstance(v, Mapping) else v for k, v in data.items()}


def _locked() -> FolderLock:
    """The config file's lock, an ``flock`` on its folder: two ``config set`` at once
    take turns instead of one writing over the other's change."""
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"cannot create the folder {path.parent}: {exc.strerror}") from None
    return FolderLock(path.parent, lock_timeout_from_env())


def _read_fresh() -> dict[str, Any]:
    """The file as it is now (under the lock), not as this process first read it."""
    load_config.cache_clear()
    return load_config()


def config_temp_files() -> list[Path]:
    """Temporary files that a killed ``config set`` left beside the config file."""
    path = config_path()
    return leftover_temp_files(path.parent, [path.name])


def write_config(data: Mapping[str, Any]) -> None:
    """Write the config file with the one atomic replace (cstolog.storage.fsutil).
    Callers hold the config's lock, so temporary files found now are a dead writer's."""
    path = config_path()
    text = dump_toml(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(path.parent, [path.name])
        atomic_replace(Path(os.path.realpath(path)), text.encode("utf-8"))
    except OSError as exc:
        raise WriteFailed(f"cannot write the config file {path}: {exc.strerror or exc}") from None
    load_config.cache_clear()


# --- a small TOML writer ------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    raise InvalidInput(f"config: cannot write a value of type {type(value).__name__}")


def dump_toml(data: Mapping[str, Any], _prefix: str = "") -> str:
    """TOML text for ``data``: plain keys first, then one [table] per nested mapping."""
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in data.items() if not _is_table(v)]
    for key, value in data.items():
        if _is_table(value):
            name = f"{_prefix}{_toml_key(key)}"
            inner = dump_toml(value, name + ".")
            plain = any(not _is_table(v) for v in value.values())
            if lines:
                lines.append("")
            if plain or not value:
                lines.append(f"[{name}]")
            if inner:
                lines.append(inner.rstrip("\n"))
    return "\n".join(lines) + "\n" if lines else ""


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)
