"""The shipped systemd units: each service restarts forever, runs as its own user with the
environment file, and is hardened; the workers serve the queues the code sends tasks to."""

import configparser
import shutil
import subprocess

import pytest

from conftest import ROOT
from notifications.fanout import DEFAULT_QUEUE, URGENT_QUEUE

UNITS = ROOT / "deploy" / "systemd"
SERVICES = ["tipportal-web", "tipportal-worker-default", "tipportal-worker-urgent", "tipportal-beat"]
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "PrivateDevices": "yes",
    "RestrictSUIDSGID": "yes",
    "CapabilityBoundingSet": "",
}


def unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / f"{name}.service").read_text())
    return parser


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_restarts_forever_as_its_own_user_with_the_environment_file(name):
    service = unit(name)
    assert service["Service"]["Restart"] == "always"
    assert service["Unit"]["StartLimitIntervalSec"] == "0"
    assert service["Service"]["User"] == "tipportal"
    assert service["Service"]["EnvironmentFile"] == "/etc/tipportal/env"
    assert "tipportal.target" in service["Install"]["WantedBy"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_is_hardened_and_writes_only_media(name):
    service = unit(name)["Service"]
    for setting, value in HARDENING.items():
        assert service[setting] == value, setting
    assert "/var/lib/tipportal/media" in service["ReadWritePaths"]


def test_there_is_a_worker_for_each_queue_the_code_uses_and_one_beat():
    for queue in (DEFAULT_QUEUE, URGENT_QUEUE):
        command = unit(f"tipportal-worker-{queue}")["Service"]["ExecStart"]
        assert f"worker --queues {queue} " in command
    assert " beat " in unit("tipportal-beat")["Service"]["ExecStart"]
    assert "gunicorn.conf.py tipportal.wsgi" in unit("tipportal-web")["Service"]["ExecStart"]
    wanted = (UNITS / "tipportal.target").read_text()
    assert all(f"{name}.service" in wanted for name in SERVICES)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_finds_nothing_wrong_in_the_units_but_the_missing_server_paths(tmp_path):
    for path in UNITS.iterdir():
        (tmp_path / path.name).write_text(path.read_text())
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(path) for path in sorted(tmp_path.iterdir()))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    problems = [
        line for line in result.stderr.splitlines()
        if line.strip() and "is not executable: No such file or directory" not in line
    ]  # fmt: skip
    assert problems == [], result.stderr
