"""config.yaml -> ``Config``: YAML parsing, ``${ENV}`` substitution, validation with clear messages."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError
from rapidfuzz import process

from assistant.config_schema import Config
from assistant.errors import AssistantError
from assistant.logs import looks_secret

logger = logging.getLogger(__name__)

DEFAULT_CONFIG_NAME = "config.yaml"
_ENV_PATTERN = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_INTERNAL_KEYS = {"base_dir"}


class ConfigError(AssistantError):
    code = "config_invalid"


def load_config(path: Path) -> Config:
    """Read, substitute and validate one config file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config file",
            fix="copy config.yaml from the project folder, or pass --config PATH",
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read it ({err})", fix="check the file's permissions and encoding (UTF-8)") from err
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(f"{path}{where}: not valid YAML: {problem}", fix="correct the YAML at that spot") from err
    return config_from_dict(raw or {}, base_dir=path.resolve().parent, source=str(path))


def config_from_dict(raw: Any, *, base_dir: Path, source: str = "config") -> Config:
    """Validate an already-parsed mapping; every error names its key path."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of sections at the top, got {type(raw).__name__}")
    for key in _INTERNAL_KEYS & raw.keys():
        raise ConfigError(f"{source}: {key}: unknown key", fix=f"remove '{key}'")
    substituted = substitute_env(raw, path=())
    aliases = substituted.get("aliases")
    if isinstance(aliases, dict):  # one name may be written without a list
        substituted["aliases"] = {key: [names] if isinstance(names, str) else names for key, names in aliases.items()}
    try:
        config = TypeAdapter(Config).validate_python({**substituted, "base_dir": base_dir})
    except ValidationError as err:
        messages = [f"{source}: {line}" for line in describe_errors(err.errors())]
        raise ConfigError("\n".join(messages), fix="edit those keys in the config file") from None
    return config


def substitute_env(value: Any, *, path: tuple[str | int, ...]) -> Any:
    """Replace ``${NAME}`` and ``${NAME:-default}`` in every string of a parsed YAML tree."""
    if isinstance(value, dict):
        return {key: substitute_env(item, path=(*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute_env(item, path=(*path, index)) for index, item in enumerate(value)]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in os.environ:
            return os.environ[name]
        if default is not None:
            return default
        raise ConfigError(
            f"{_dotted(path)}: environment variable {name} is not set",
            fix=f"export {name}=..., or write a default as ${{{name}:-value}}",
        )

    return _ENV_PATTERN.sub(replace, value)


def describe_errors(errors: list[Any]) -> list[str]:
    """Pydantic errors as 'key.path: expected ..., got ...', one line per key."""
    by_location: dict[tuple[str | int, ...], list[Any]] = {}
    for error in errors:
        location = tuple(part for part in error["loc"] if not _is_union_tag(part))
        by_location.setdefault(location, []).append(error)
    lines = []
    for location, group in by_location.items():
        if len(group) == 1:
            lines.append(describe_error(location, group[0]))
        else:  # one key of a union type: say every accepted form at once
            expected = " or ".join(error["msg"].lower().removeprefix("input should be ") for error in group)
            lines.append(f"{_dotted(location)}: expected {expected}, got {shown_value(group[0].get('input'))}")
    return lines


def describe_error(location: tuple[str | int, ...], error: Any) -> str:
    """One pydantic error as 'key.path: expected ..., got ...'."""
    where = _dotted(location) or "(top level)"
    kind = error["type"]
    found = error.get("input")
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        return f"{where}: unknown key{_did_you_mean(location)}"
    if kind == "missing":
        return f"{where}: required key is missing"
    if location[-1:] == ("pin",) and kind in {"string_type", "string_pattern_mismatch"}:
        return f'{where}: expected 3 to 12 digits in quotes, e.g. pin: "1234" (unquoted, YAML reads a number)'
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = ", ".join(part.strip(" '") for part in re.split(r",| or ", expected) if part.strip(" '"))
        return f"{where}: expected one of {choices}, got {shown_value(found)}"
    return f"{where}: {error['msg'].lower().replace('input should be', 'expected')}, got {shown_value(found)}"


def shown_value(value: Any) -> str:
    """A wrong value as an error may show it: never a secret pasted under the wrong key."""
    text = repr(value)
    return "a value that looks like an access token (not shown)" if looks_secret(text) else text


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "none", "float", "bool"})


def _did_you_mean(location: tuple[str | int, ...]) -> str:
    """Suggest the closest known key for an unknown one."""
    section: Any = Config
    for part in location[:-1]:
        hints = typing.get_type_hints(section) if dataclasses.is_dataclass(section) else {}
        section = hints.get(part)
        if section is None:
            return ""
    if not dataclasses.is_dataclass(section):
        return ""
    known = [f.name for f in dataclasses.fields(section) if f.name not in _INTERNAL_KEYS]
    best = process.extractOne(str(location[-1]), known, score_cutoff=60)
    hint = f"; did you mean '{best[0]}'?" if best else ""
    return f"{hint} (known keys: {', '.join(known)})"


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_token(config: Config) -> str:
    """The HA token from ``home_assistant.token`` or ``token_file``; a clear error when neither has one."""
    ha = config.home_assistant
    if ha.token.strip():
        return ha.token.strip()
    if ha.token_file is not None:
        token_path = config.resolve_path(ha.token_file)
        try:
            token = token_path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            token = ""
        except OSError as err:
            raise ConfigError(
                f"home_assistant.token_file: cannot read {token_path} ({err.strerror})",
                fix="check the file's permissions",
                code="token_missing",
            ) from None
        if token:
            return token
    where = f" or into {config.resolve_path(ha.token_file)} (home_assistant.token_file)" if ha.token_file else ""
    raise ConfigError(
        "home_assistant.token: no Home Assistant access token is set",
        fix=(
            "create a long-lived access token in Home Assistant (your profile, Security tab) and put it in "
            f"the HA_TOKEN environment variable{where}; to try the assistant on the demo home, run "
            "'assistant demo-home' first"
        ),
        code="token_missing",
    )
