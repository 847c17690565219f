"""The user's config file: defaults for the store, the output format, date parsing and
filters. Flags beat environment variables beat this file beat built-in defaults.

A small TOML file in the platform's config folder, read with the standard library.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InvalidInput

CONFIG_ENV = "CSTOLOG_CONFIG"


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
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read the config file {path}: {exc}") from None
    return data
