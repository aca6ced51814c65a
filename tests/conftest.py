"""Shared fixtures. The ``demo_home`` fixture starts a real Home Assistant Core once per session."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from assistant.config import load_config
from assistant.config_schema import Config
from assistant.home.adapter import HomeAssistantAdapter
from assistant.home.demo import DemoHome, start_demo_home, stop_demo_home

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(directory: Path, sections: dict | None = None, **home_assistant: object) -> Path:
    """The project's own config.yaml with the ``home_assistant`` section (and any ``sections``) changed.

    The trained model is the project's; the audit log and timers live in ``directory``.
    """
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["home_assistant"].update(home_assistant)
    raw["nlu"]["model"] = str(PROJECT_ROOT / "models" / "intent-model")
    for key, value in (sections or {}).items():
        if isinstance(value, dict) and isinstance(raw.get(key), dict):
            raw[key].update(value)
        else:
            raw[key] = value
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHome]:
    directory = tmp_path_factory.mktemp("demo-home")
    home = start_demo_home(directory, free_port())
    try:
        yield home
    finally:
        stop_demo_home(directory)


@pytest.fixture(scope="session")
def demo_config_path(demo_home: DemoHome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("config"), url=demo_home.url, token="", token_file=str(demo_home.token_file))


@pytest.fixture(scope="session")
def demo_config(demo_config_path: Path) -> Config:
    return load_config(demo_config_path)


@pytest.fixture
def adapter(demo_config: Config) -> Iterator[HomeAssistantAdapter]:
    home_adapter = HomeAssistantAdapter.from_config(demo_config)
    home_adapter.load()
    try:
        yield home_adapter
    finally:
        home_adapter.close()
