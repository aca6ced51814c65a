"""The demo home: a real Home Assistant Core with its ``demo`` integration, on 127.0.0.1.

Used by ``assistant demo-home`` (so a newcomer sees the assistant act on a real HA)
and by the test suite's session fixture. HA runs from its own virtual environment
(``.ha-venv``, installed from ``ha/requirements.lock``), since its pins conflict with ours.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import niquests
from homeassistant_api import WebsocketClient
from homeassistant_api.errors import ResponseError

from assistant.errors import AssistantError
from assistant.home.demo_layout import AREAS, CONFIGURATION_YAML, ENTITIES
from assistant.logs import redact

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 90.0
TOKEN_FILE = "token"
PASSWORD_FILE = "owner-password"
"""The demo owner's password (user 'demo'), to watch the demo home in a browser."""
PID_FILE = "ha.pid"


class DemoHomeError(AssistantError):
    code = "demo_home"


@dataclass(frozen=True)
class DemoHome:
    """A running demo home."""

    url: str
    token_file: Path
    pid: int
    directory: Path

    @property
    def token(self) -> str:
        return self.token_file.read_text(encoding="utf-8").strip()


def find_ha_python() -> Path:
    """The interpreter of HA's own venv: $ASSISTANT_HA_PYTHON, else .ha-venv in the project."""
    configured = os.environ.get("ASSISTANT_HA_PYTHON")
    candidate = Path(configured) if configured else PROJECT_ROOT / ".ha-venv" / "bin" / "python"
    if not candidate.exists():
        raise DemoHomeError(
            f"Home Assistant Core is not installed ({candidate} is missing)",
            fix="run 'make ha-venv' in the project folder (or set ASSISTANT_HA_PYTHON to a Python that has homeassistant)",
        )
    return candidate


def start_demo_home(directory: Path, port: int, *, ha_python: Path | None = None) -> DemoHome:
    """Start (or find already running) the demo home in ``directory``, listening on 127.0.0.1:``port``."""
    directory = directory.resolve()
    url = f"http://127.0.0.1:{port}"
    running = running_demo_home(directory, port)
    if running is not None:
        logger.info("the demo home is already running at %s", running.url)
        return running
    stop_demo_home(directory)
    if _http_status(url) is not None:
        raise DemoHomeError(
            f"something else already listens on 127.0.0.1:{port}",
            fix="stop it, or start the demo home on another port (--port) and set HA_URL to match",
        )
    python = ha_python or find_ha_python()
    _fresh_config_dir(directory, port)
    process = _launch(python, directory)
    try:
        _wait_for(lambda: _http_status(f"{url}/api/onboarding") == 200, process, directory, "answer HTTP")
        token = _onboard(url, directory)
        redact(token)
        _wait_for(lambda: _is_running(url, token), process, directory, "finish starting")
        _wait_for(lambda: _has_entities(url, token), process, directory, "set up all its demo devices")
        _furnish(url, token)
    except BaseException:
        _terminate(process.pid)
        raise
    token_file = directory / TOKEN_FILE
    token_file.write_text(token + "\n", encoding="utf-8")
    token_file.chmod(0o600)
    (directory / PID_FILE).write_text(f"{process.pid}\n{port}\n", encoding="utf-8")
    logger.info("demo home running at %s (pid %d)", url, process.pid)
    return DemoHome(url, token_file, process.pid, directory)


def running_demo_home(directory: Path, port: int | None = None) -> DemoHome | None:
    """The demo home in ``directory`` if its process is alive and answering."""
    pid_file, token_file = directory / PID_FILE, directory / TOKEN_FILE
    if not pid_file.exists() or not token_file.exists():
        return None
    try:
        pid_text, port_text = pid_file.read_text(encoding="utf-8").split()[:2]
        pid, running_port = int(pid_text), int(port_text)
    except ValueError:
        return None
    if (port is not None and running_port != port) or not _alive(pid):
        return None
    home = DemoHome(f"http://127.0.0.1:{running_port}", token_file, pid, directory)
    return home if _is_running(home.url, home.token) else None


def stop_demo_home(directory: Path) -> bool:
    """Stop the demo home started in ``directory``; True if one was running."""
    pid_file = directory / PID_FILE
    if not pid_file.exists():
        return False
    try:
        pid = int(pid_file.read_text(encoding="utf-8").split()[0])
    except (ValueError, IndexError):
        pid_file.unlink()
        return False
    was_running = _alive(pid)
    if was_running:
        _terminate(pid)
    pid_file.unlink(missing_ok=True)
    return was_running


def restart_demo_home(home: DemoHome, *, ha_python: Path | None = None) -> DemoHome:
    """Start a stopped demo home again with everything it had (its token too), as a real Home
    Assistant restart does; for trying what happens while HA is away."""
    port = int(home.url.rsplit(":", 1)[1])
    token = home.token_file.read_text(encoding="utf-8").strip()
    redact(token)
    process = _launch(ha_python or find_ha_python(), home.directory)
    try:
        _wait_for(lambda: _is_running(home.url, token), process, home.directory, "start again")
    except BaseException:
        _terminate(process.pid)
        raise
    (home.directory / PID_FILE).write_text(f"{process.pid}\n{port}\n", encoding="utf-8")
    return DemoHome(home.url, home.token_file, process.pid, home.directory)


# -- starting --------------------------------------------------------------


def _fresh_config_dir(directory: Path, port: int) -> None:
    """A new HA config folder each start: the demo's state is not worth keeping."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    (directory / "configuration.yaml").write_text(CONFIGURATION_YAML.format(port=port), encoding="utf-8")


def _launch(python: Path, directory: Path) -> subprocess.Popen[bytes]:
    log = open(directory / "ha-console.log", "wb")  # noqa: SIM115 - handed to the child
    logger.info("starting Home Assistant Core from %s", python)
    return subprocess.Popen(
        [str(python), "-m", "homeassistant", "-c", str(directory), "--skip-pip"],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C in the console does not kill the home
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _wait_for(ready, process: subprocess.Popen[bytes], directory: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoHomeError(
                f"Home Assistant exited with code {process.returncode} before it could {what}:\n"
                + _tail(directory / "ha-console.log"),
                fix="see the log above; 'make ha-venv' reinstalls HA's environment",
            )
        if ready():
            return
        time.sleep(0.25)
    raise DemoHomeError(
        f"Home Assistant did not {what} within {START_TIMEOUT_SECONDS:.0f} s:\n" + _tail(directory / "ha-console.log"),
        fix="see the log above",
    )


def _onboard(url: str, directory: Path) -> str:
    """Create the owner account through onboarding and return a long-lived access token."""
    client_id = f"{url}/"
    password = secrets.token_urlsafe(24)
    password_file = directory / PASSWORD_FILE
    password_file.write_text(password + "\n", encoding="utf-8")
    password_file.chmod(0o600)
    user = niquests.post(
        f"{url}/api/onboarding/users",
        json={"client_id": client_id, "name": "Demo Owner", "username": "demo", "password": password, "language": "en"},
        timeout=30,
    )
    if user.status_code != 200:
        raise DemoHomeError(f"onboarding the demo home failed: HTTP {user.status_code} {user.text[:200]}")
    grant = niquests.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": user.json()["auth_code"], "client_id": client_id},
        timeout=30,
    )
    if grant.status_code != 200:
        raise DemoHomeError(f"logging in to the demo home failed: HTTP {grant.status_code}")
    access_token = grant.json()["access_token"]
    with WebsocketClient(f"{url.replace('http', 'ws', 1)}/api/websocket", access_token) as ws:
        result = ws.recv_result(ws.send("auth/long_lived_access_token", client_name="assistant", lifespan=3650))
    return str(result.result)


def _furnish(url: str, token: str) -> None:
    """Rooms, names and aliases, so the demo looks like a home people live in.

    HA 2024.3 cannot put areas on floors yet; the demo's floors are in config.yaml's ``floors:``.
    """
    with WebsocketClient(f"{url.replace('http', 'ws', 1)}/api/websocket", token) as ws:

        def command(kind: str, **data: object) -> dict:
            return ws.recv_result(ws.send(kind, **data)).result

        _add_shopping_list(url, token)
        existing = {a["name"]: a["area_id"] for a in command("config/area_registry/list")}
        area_ids = {}
        for area in AREAS:
            if area.name in existing:
                area_ids[area.name] = existing[area.name]
                command("config/area_registry/update", area_id=existing[area.name], aliases=list(area.aliases))
            else:
                area_ids[area.name] = command("config/area_registry/create", name=area.name, aliases=list(area.aliases))[
                    "area_id"
                ]
        for entity in (e for e in ENTITIES if e.registered):
            fields = {"area_id": area_ids[entity.area], "aliases": list(entity.aliases)}
            if entity.name:
                fields["name"] = entity.name
            try:
                command("config/entity_registry/update", entity_id=entity.entity_id, **fields)
            except ResponseError as err:
                raise DemoHomeError(f"cannot name {entity.entity_id} in the demo home: {err}") from None


def _add_shopping_list(url: str, token: str) -> None:
    """HA's shopping list (a todo entity) is set up through its config flow, as in HA's UI."""
    headers = {"Authorization": f"Bearer {token}"}
    flow = niquests.post(f"{url}/api/config/config_entries/flow", json={"handler": "shopping_list"}, headers=headers, timeout=30)
    if flow.status_code != 200:
        raise DemoHomeError(f"cannot add the shopping list to the demo home: HTTP {flow.status_code} {flow.text[:200]}")
    done = niquests.post(f"{url}/api/config/config_entries/flow/{flow.json()['flow_id']}", json={}, headers=headers, timeout=30)
    if done.status_code != 200:
        raise DemoHomeError(f"cannot add the shopping list to the demo home: HTTP {done.status_code} {done.text[:200]}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if niquests.get(f"{url}/api/states/todo.shopping_list", headers=headers, timeout=5).status_code == 200:
            return
        time.sleep(0.1)
    raise DemoHomeError("the demo home's shopping list did not appear within 30 s")


# -- probing and stopping --------------------------------------------------


def _http_status(url: str) -> int | None:
    """The status an address answers with; ``None`` when nothing answers there."""
    try:
        return niquests.get(url, timeout=2).status_code
    except niquests.exceptions.RequestException:
        return None


def _is_running(url: str, token: str) -> bool:
    try:
        response = niquests.get(f"{url}/api/config", headers={"Authorization": f"Bearer {token}"}, timeout=2)
        return response.status_code == 200 and response.json().get("state") == "RUNNING"
    except (niquests.exceptions.RequestException, ValueError):
        return False


def _has_entities(url: str, token: str) -> bool:
    """The demo integration adds its devices a moment after HA reports RUNNING."""
    try:
        response = niquests.get(f"{url}/api/states", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        present = {state["entity_id"] for state in response.json()}
    except (niquests.exceptions.RequestException, ValueError, TypeError, KeyError):
        return False
    return all(entity.entity_id in present for entity in ENTITIES if entity.domain != "todo")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as gone
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def _terminate(pid: int, grace_seconds: float = 20.0) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    if _alive(pid):
        logger.warning("Home Assistant (pid %d) ignored SIGTERM; killing it", pid)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"

