"""``translate serve`` as a process: help, refusals with one line, clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import fastapi  # noqa: F401 - the serve extra is in the dev install: missing is a broken install
import requests  # noqa: E402
from serve_fixtures import free_port  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from translate.cli import app  # noqa: E402

runner = CliRunner()


def test_help_explains_the_clients() -> None:
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for needle in ("server_url", "Weblate", "LibreTranslate", "--api-keys", "--max-queue"):
        assert needle in result.output


def test_refuses_open_service_on_network_address(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--state", str(tmp_path)])
    assert result.exit_code == 1
    assert "--api-keys" in result.output and "Traceback" not in result.output


def test_bad_api_keys_file_names_the_line(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("# comment\ngood 1000 60\nbad lots\n", encoding="utf-8")
    result = runner.invoke(app, ["serve", "--api-keys", str(keys), "--state", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{keys}:3" in result.output and "Traceback" not in result.output


def test_sigterm_finishes_accepted_requests_then_exits(
    tiny_backend, tiny_model: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "translate",
            "serve",
            "--model",
            str(tiny_model),
            "--port",
            str(port),
            "--state",
            str(tmp_path / "state"),
            "--cache",
            str(tmp_path / "tm"),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 90
        line = ""
        while "serving" not in line:
            assert time.monotonic() < deadline and process.poll() is None, "did not start"
            line = process.stderr.readline()
        assert f"http://127.0.0.1:{port}" in line
        url = f"http://127.0.0.1:{port}/v2/translate"
        article = " ".join(f"Satz Nummer {n} über die Lage im Land." for n in range(40))
        answers: list[requests.Response] = []

        def client() -> None:
            answers.append(
                requests.post(url, data={"text": article, "target_lang": "EN-US"}, timeout=60)
            )

        thread = threading.Thread(target=client)
        thread.start()
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        thread.join(60)
        assert process.wait(60) == 0
        assert answers and answers[0].status_code == 200
        assert answers[0].json()["translations"][0]["text"]
        assert "stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
