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

    console = commands.add_parser(
        "console",
        help="talk to your home by typing: understand, act, answer (and speak)",
        description="An interactive prompt on a terminal; otherwise reads lines from stdin and answers each "
        "on stdout. Needs Home Assistant (see 'assistant demo-home') and the trained model ('assistant train').",
    )
    _add_answer_options(console, "one JSON object per line: intent, slots, service calls, states read, reply, timings")
    console.set_defaults(handler=_console)

    run = commands.add_parser(
        "run",
        help="the voice assistant: listen, act, answer (until SIGTERM or Ctrl-C)",
        description="Listens on the microphone (audio.input_device) or reads --input-wav, hears commands "
        "(wake.mode, wake.phrase), acts on Home Assistant and speaks the replies.",
    )
    run.add_argument("--input-wav", type=Path, metavar="FILE", help="a 16 kHz mono recording instead of the microphone")
    run.add_argument("--wake", choices=["phrase", "always", "push_to_talk"], help="override wake.mode")
    _add_answer_options(run, "one JSON object per command heard, as the console writes")
    run.set_defaults(handler=_run)

    serve = commands.add_parser(
        "serve",
        help="speak the Wyoming protocol: speech-to-text, text-to-speech and command handling for Home Assistant",
        description="Serves this assistant's speech-to-text (held to this home's sentences), its voice and its "
        "understanding and acting as Wyoming asr, tts and handle services, until SIGTERM or Ctrl-C.",
    )
    serve.add_argument("--uri", default="tcp://127.0.0.1:10300",
                       help="where to listen (default %(default)s; tcp://0.0.0.0:10300 lets other machines in)")
    serve.set_defaults(handler=_serve)

    train = commands.add_parser("train", help="fine-tune the intent and slot model (about 5 minutes on 2 cores)")
    train.add_argument("--epochs", type=int, help="passes over the training data (default 3)")
    train.add_argument("--output", type=Path, help="model folder (default: nlu.model from the config)")
    train.set_defaults(handler=_train)

    parse = commands.add_parser(
        "parse",
        help="understand utterances: one per line on stdin, one JSON object per line on stdout",
        description='Writes {"text", "intent" (null when refused), "confidence", "slots"} for each line.',
    )
    parse.set_defaults(handler=_parse)

    evaluate = commands.add_parser("eval", help="measure the model on a labelled JSONL file")
    evaluate.add_argument("file", type=Path, help='lines of {"text", "intent", "slots"}; intent null = out of scope')
    evaluate.add_argument("--json", action="store_true", help="the figures as JSON")
    evaluate.set_defaults(handler=_eval)
    return parser


def _add_answer_options(command: argparse.ArgumentParser, json_help: str) -> None:
    """How replies come out: --json, --tts-wav DIR, --no-speech (the console and the daemon share them)."""
    command.add_argument("--json", action="store_true", help=json_help)
    command.add_argument("--tts-wav", type=Path, metavar="DIR", help="write each spoken reply as a WAV file in DIR")
    command.add_argument("--no-speech", action="store_true", help="print replies only")


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


def _console(args: argparse.Namespace, config: Config) -> int:
    from assistant.console import run_console

    _token_redacted(config)
    if sys.stdin.isatty() and not args.verbose:  # keep the prompt readable; the log file still gets it all
        setup_logging("warning", config.logging.file)
    return run_console(config, as_json=args.json, tts_wav=args.tts_wav, speech=not args.no_speech)


def _run(args: argparse.Namespace, config: Config) -> int:
    from assistant.daemon import run_daemon

    _token_redacted(config)
    return run_daemon(config, input_wav=args.input_wav, wake_mode=args.wake, as_json=args.json,
                      tts_wav=args.tts_wav, speech=not args.no_speech)


def _serve(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.serve import run_serve

    _token_redacted(config)
    return run_serve(config, args.uri)


def _train(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.understand import run_train

    return run_train(config, epochs=args.epochs, output=args.output)


def _parse(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.understand import run_parse

    return run_parse(config, sys.stdin, sys.stdout)


def _eval(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.understand import run_eval

    return run_eval(config, args.file, args.json)


def _demo_home(args: argparse.Namespace, config: Config) -> int:
    from assistant.commands.demo_home import run_demo_home

    return run_demo_home(config, port=args.port, stop=args.stop)
