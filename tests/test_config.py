"""config.yaml loading: every mistake is one message naming the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import ConfigError, config_from_dict, load_config, read_token
from tests.conftest import PROJECT_ROOT


def load(raw: dict, base: Path = Path("/tmp")):
    return config_from_dict(raw, base_dir=base, source="config.yaml")


def test_shipped_config_is_valid_and_documented(monkeypatch):
    monkeypatch.delenv("HA_URL", raising=False)
    monkeypatch.setenv("HA_TOKEN", "from-the-environment")
    config = load_config(PROJECT_ROOT / "config.yaml")
    assert config.home_assistant.url == "http://127.0.0.1:8124"
    assert config.home_assistant.token == "from-the-environment"
    assert config.satellite_area == "Living Room"
    assert config.floors["Upstairs"].areas == ("Bedroom", "Office")
    assert config.base_dir == PROJECT_ROOT


def test_environment_default_and_override(monkeypatch):
    monkeypatch.setenv("HA_URL", "http://ha.example:8123")
    config = load({"home_assistant": {"url": "${HA_URL:-http://127.0.0.1:1}"}})
    assert config.home_assistant.url == "http://ha.example:8123"
    monkeypatch.delenv("HA_URL")
    assert load({"home_assistant": {"url": "${HA_URL:-http://127.0.0.1:1}"}}).home_assistant.url == "http://127.0.0.1:1"


def test_missing_environment_variable_names_key_and_variable(monkeypatch):
    monkeypatch.delenv("NO_SUCH_TOKEN", raising=False)
    with pytest.raises(ConfigError) as caught:
        load({"home_assistant": {"token": "${NO_SUCH_TOKEN}"}})
    assert caught.value.message == "home_assistant.token: environment variable NO_SUCH_TOKEN is not set"
    assert "export NO_SUCH_TOKEN" in caught.value.fix


def test_wrong_choice_lists_the_choices():
    with pytest.raises(ConfigError) as caught:
        load({"stt": {"engine": "voks"}})
    assert caught.value.message == "config.yaml: stt.engine: expected one of auto, vosk, pocketsphinx, got 'voks'"


def test_unknown_key_suggests_the_closest():
    with pytest.raises(ConfigError) as caught:
        load({"home_assistant": {"tokne": "x"}})
    assert "home_assistant.tokne: unknown key; did you mean 'token'?" in caught.value.message


def test_unknown_section_suggests_the_closest():
    with pytest.raises(ConfigError) as caught:
        load({"satelite_area": "Kitchen"})
    assert "satelite_area: unknown key; did you mean 'satellite_area'?" in caught.value.message


def test_every_bad_key_is_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        load({"home_assistant": {"timeout": "soon"}, "tts": {"rate": 5}})
    lines = caught.value.message.splitlines()
    assert lines[0].startswith("config.yaml: home_assistant.timeout: expected a valid number")
    assert lines[1].startswith("config.yaml: tts.rate: expected greater than or equal to 50")


def test_encoder_layers_default_and_bounds():
    assert load({}).nlu.encoder_layers == 4
    assert load({"nlu": {"encoder_layers": None}}).nlu.encoder_layers is None
    with pytest.raises(ConfigError, match="nlu.encoder_layers: expected greater than or equal to 1"):
        load({"nlu": {"encoder_layers": 0}})


def test_internal_key_is_not_settable():
    with pytest.raises(ConfigError, match="base_dir: unknown key"):
        load({"base_dir": "/"})


def test_single_alias_may_be_a_plain_string():
    assert load({"aliases": {"light.kitchen": "cooker light"}}).aliases == {"light.kitchen": ("cooker light",)}


def test_yaml_syntax_error_gives_the_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("stt:\n  engine: vosk\n   wake: [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path} line 3" in caught.value.message


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.yaml")
    assert "no such config file" in caught.value.message and "--config" in caught.value.fix


def test_token_from_file_when_token_is_empty(tmp_path):
    (tmp_path / "token").write_text("abc123token\n", encoding="utf-8")
    config = load({"home_assistant": {"token": "", "token_file": "token"}}, base=tmp_path)
    assert read_token(config) == "abc123token"


def test_missing_token_says_where_to_put_it(tmp_path):
    config = load({"home_assistant": {"token": "", "token_file": "nothing-here"}}, base=tmp_path)
    with pytest.raises(ConfigError) as caught:
        read_token(config)
    assert caught.value.code == "token_missing"
    assert "HA_TOKEN" in caught.value.fix and str(tmp_path / "nothing-here") in caught.value.fix


def test_cli_reports_bad_config_in_one_message_without_traceback(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text("stt:\n  engine: voks\n", encoding="utf-8")
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: stt.engine: expected one of auto, vosk, pocketsphinx, got 'voks'")
    assert "Traceback" not in err


def test_cli_reports_missing_token_without_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("HA_TOKEN", raising=False)
    path = tmp_path / "config.yaml"
    path.write_text("home_assistant:\n  token: ''\n  token_file: none-yet\n", encoding="utf-8")
    assert main(["--config", str(path), "devices"]) == 2
    err = capsys.readouterr().err
    assert "no Home Assistant access token is set" in err and "assistant demo-home" in err
    assert "Traceback" not in err


def test_a_url_without_http_is_a_config_error():
    from assistant.home.adapter import ConnectionSettings

    with pytest.raises(ConfigError) as caught:
        ConnectionSettings("homeassistant.local:8123", "token")
    assert caught.value.code == "config_invalid" and "http://" in caught.value.fix


def test_a_satellite_needs_a_tcp_address_and_check_says_which_answer():
    import socket

    from assistant.commands.check import Status, check_satellites

    with pytest.raises(ConfigError) as caught:
        load({"satellites": [{"name": "kitchen", "uri": "kitchen-pi:10700"}]})
    assert "satellites" in str(caught.value.describe())
    with socket.socket() as listening, socket.socket() as closed:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        closed.bind(("127.0.0.1", 0))  # bound, never listening: nobody answers there
        config = load({"satellites": [
            {"name": "kitchen", "uri": f"tcp://127.0.0.1:{listening.getsockname()[1]}", "area": "Kitchen"},
            {"name": "hall", "uri": f"tcp://127.0.0.1:{closed.getsockname()[1]}"}]})
        kitchen, hall = check_satellites(config)
    assert kitchen.status is Status.OK and "Kitchen" in kitchen.detail
    assert hall.status is Status.FAIL and "wyoming-satellite" in hall.fix


def test_no_microphone_and_no_satellites_is_nothing_to_listen_to(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text("audio:\n  microphone: false\n", encoding="utf-8")
    assert main(["--config", str(path), "run"]) == 2
    err = capsys.readouterr().err
    assert "nothing to listen to" in err and "satellites" in err and "Traceback" not in err
