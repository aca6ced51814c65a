"""What the benchmarks share: percentiles, and a demo home of their own with a config pointing at it."""

from __future__ import annotations

import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from assistant.config import config_from_dict
from assistant.config_schema import Config
from assistant.home.demo import DemoHome, start_demo_home, stop_demo_home

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def demo_home_config(**sections: dict) -> Iterator[tuple[Config, DemoHome, Path]]:
    """A fresh demo home on a free port of 127.0.0.1, the project's config pointed at it (quiet
    logging, the trained model; ``sections`` change more), and a scratch folder; all gone after."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        demo = start_demo_home(directory / "home", free_port())
        try:
            raw = yaml.safe_load((ROOT / "config.yaml").read_text())
            raw["home_assistant"].update(url=demo.url, token="", token_file=str(demo.token_file))
            raw["nlu"]["model"] = str(ROOT / "models" / "intent-model")
            raw["logging"]["level"] = "warning"
            for key, value in sections.items():
                raw[key].update(value)
            yield config_from_dict(raw, base_dir=directory), demo, directory
        finally:
            stop_demo_home(directory / "home")
