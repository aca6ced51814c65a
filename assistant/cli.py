"""The ``assistant`` command: parses arguments, sets up logging, runs one subcommand.

Every ``AssistantError`` ends as one clear message with its fix on stderr and exit code 2;
no traceback reaches a person.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from assistant.config import DEFAULT_CONFIG_NAME, load_config, read_token
from assistant.config_schema import Config
from assistant.errors import AssistantError
from assistant.logs import redact, scrub, setup_logging

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="An offline voice assistant for Home Assistant.",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path(os.environ.get("ASSISTANT_CONFIG", DEFAULT_CONFIG_NAME)),
        help="the config file (default: $ASSISTANT_CONFIG or ./config.yaml)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser("check", help="check the config and report what works and what does not")
    check.set_defaults(handler=_check)

    devices = commands.add_parser("devices", help="list the home as the assistant sees it")
    devices.add_argument("--json", action="store_true", help="one JSON document instead of text")
    devices.set_defaults(handler=_devices)

    demo = commands.add_parser(
        "demo-home",
        help="start (or --stop) a demo Home Assistant on this machine",
        description="Starts a real Home Assistant Core with its demo devices on 127.0.0.1 and writes its "
        "token where config.yaml's home_assistant.token_file points, so the default config uses it.",
    )
    demo.add_argument("--port", type=int, help="port to listen on (default: the one in home_assistant.url)")
    demo.add_argument("--stop", action="store_true", help="stop the demo home")
    demo.set_defaults(handler=_demo_home)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging("debug" if args.verbose else "warning")
    try:
        config = load_config(args.config)
        setup_logging("debug" if args.verbose else config.logging.level, config.logging.file)
        handler: Callable[[argparse.Namespace, Config], int] = args.handler
        return handler(args, config)
    except AssistantError as err:
        print(f"error: {scrub(err.describe())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _token_redacted(config: Config) -> None:
    try:
        redact(read_token(config))
    except AssistantError:
        pass


def _check(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.check import run_checks

    _token_redacted(config)
    return 0 if run_checks(config, args.config.resolve()) else 1


def _devices(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.devices import print_devices
    from assistant.home.adapter import HomeAssistantAdapter

    _token_redacted(config)
    adapter = HomeAssistantAdapter.from_config(config)
    try:
        home = adapter.load()
        print_devices(home, adapter, as_json=args.json)
    finally:
        adapter.close()
    return 0


def _demo_home(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.demo_home import run_demo_home

    return run_demo_home(config, port=args.port, stop=args.stop)
