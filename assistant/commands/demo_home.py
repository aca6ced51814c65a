"""``assistant demo-home``: start or stop the demo Home Assistant the default config points at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from assistant.config_schema import Config
from assistant.errors import AssistantError
from assistant.home.demo import start_demo_home, stop_demo_home

DEFAULT_DEMO_PORT = 8124


def demo_directory(config: Config) -> Path:
    """The demo lives beside its token file, so the default config finds the token."""
    token_file = config.home_assistant.token_file
    if token_file is None:
        return config.resolve_path(Path(".demo-home"))
    return config.resolve_path(token_file).parent


def demo_port(config: Config) -> int:
    parts = urlsplit(config.home_assistant.url)
    if parts.hostname not in {"127.0.0.1", "localhost"}:
        raise AssistantError(
            f"home_assistant.url is {config.home_assistant.url}, not this machine, so the demo home would not be used",
            fix="point home_assistant.url at http://127.0.0.1:8124 (unset HA_URL), or pass --port",
            code="config_invalid",
        )
    return parts.port or DEFAULT_DEMO_PORT


def run_demo_home(config: Config, *, port: int | None, stop: bool) -> int:
    directory = demo_directory(config)
    if stop:
        print("Stopped the demo home." if stop_demo_home(directory) else "The demo home was not running.")
        return 0
    home = start_demo_home(directory, port or demo_port(config))
    print(f"The demo home is running at {home.url} (a real Home Assistant {home.url}/api/).")
    print(f"Its access token is in {home.token_file}; stop it with: assistant demo-home --stop")
    password = home.directory / "owner-password"
    if password.exists():
        print(f"Watch it in a browser: {home.url}, user 'demo', password in {password}")
    return 0
