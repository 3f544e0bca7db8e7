"""A whole letter ends within its deadline, keys go only where they were paired, and no
credential shows in any output; all against real misbehaving loopback servers.

Every timed case asserts "ends within the deadline plus 2 s". Deadlines are small (2-3 s)
so the suite stays fast.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.compose import acompose, compose
from bowout.errors import LLMError
from bowout.many import compose_many
from bowout.models import LetterRequest
from bowout.render import render
from bowout.settings import LLMMode, LLMSettings
from loopback_server import (
    LOOPBACK_HOSTS,
    LoopbackLLM,
    drip,
    hang,
    loopback_settings,
    ok,
    rate_limited,
    redirect,
    unauthorized,
    unavailable,
)

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)

REQUEST = LetterRequest(
    scenario="withdraw",
    sender_name="Ana Lima",
    company="Acme",
    interviewers=["Dana Lee"],
    topic="the billing migration",
)
GOOD = render(REQUEST).body
DEADLINE = 2.0  # loopback_settings' deadline
SLACK = 2.0
settings_for = loopback_settings


def timed(run: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = run()
    return result, time.monotonic() - started


# --- the deadline ---------------------------------------------------------------------


@pytest.mark.parametrize("blocking", [True, False], ids=["compose", "acompose"])
def test_a_dripping_body_ends_at_the_deadline(loopback_llm: LoopbackLLM, blocking: bool) -> None:
    loopback_llm.script(drip(every_s=0.2, text=GOOD))  # about 80 s for the whole body
    settings = settings_for(loopback_llm.base_url)
    if blocking:
        letter, took = timed(lambda: compose(REQUEST, settings))
    else:
        letter, took = timed(lambda: asyncio.run(acompose(REQUEST, settings)))
    assert took < DEADLINE + SLACK, took
    assert letter.source == "template"
    assert letter.fallback_reason is not None and letter.fallback_reason.startswith("timeout: ")
    assert f"within {DEADLINE:g} s" in letter.notes[0] and "--timeout" in letter.notes[0]


def test_a_silent_server_is_not_waited_for_once_per_retry(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(hang())
    settings = settings_for(loopback_llm.base_url, max_retries=2)
    letter, took = timed(lambda: compose(REQUEST, settings))
    assert took < DEADLINE + SLACK, took
    assert letter.fallback_reason is not None and letter.fallback_reason.startswith("timeout")


@pytest.mark.parametrize("fault", [rate_limited(119), unavailable(119)], ids=["429", "503"])
def test_a_retry_after_longer_than_the_deadline_ends_at_once(
    loopback_llm: LoopbackLLM, fault: Any
) -> None:
    loopback_llm.script(fault)
    settings = settings_for(loopback_llm.base_url, max_retries=2, timeout=3)
    letter, took = timed(lambda: compose(REQUEST, settings))
    assert took < 1.5, took
    assert len(loopback_llm.requests) == 1
    assert "asked to wait 119 s, more than this letter's 3 s allow" in letter.notes[0]


@pytest.mark.parametrize("fault", [rate_limited(0.4), unavailable(0.4)], ids=["429", "503"])
def test_retry_after_is_honoured_while_it_fits(loopback_llm: LoopbackLLM, fault: Any) -> None:
    loopback_llm.script(fault, ok(GOOD))
    settings = settings_for(loopback_llm.base_url, max_retries=2)
    letter, took = timed(lambda: compose(REQUEST, settings))
    assert letter.source == "llm", letter.notes
    first, second = loopback_llm.requests
    assert second.at - first.at >= 0.38
    assert took < DEADLINE + SLACK


def test_endless_short_retry_afters_stop_at_the_deadline(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(unavailable(0.3))
    settings = settings_for(loopback_llm.base_url, max_retries=10, timeout=2.5)
    letter, took = timed(lambda: compose(REQUEST, settings))
    assert took < 2.5 + SLACK, took
    assert letter.source == "template"
    assert 2 <= len(loopback_llm.requests) <= 9  # waits of 0.3 s and more, in 2.5 s


def test_the_cli_timeout_bounds_the_whole_letter(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(drip(every_s=0.2, text=GOOD))
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme"]
    args += ["--base-url", loopback_llm.base_url, "--model", "m", "--timeout", "2"]
    result, took = timed(lambda: CliRunner().invoke(app, args, env={"OPENAI_API_KEY": ""}))
    assert took < 2 + SLACK, took
    assert result.exit_code == 0 and result.stdout.startswith("Subject: ")
    assert "within 2 s" in result.stderr


def test_a_batch_gives_each_letter_its_own_deadline(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(hang(), ok(GOOD))  # the first letter's server never answers
    settings = settings_for(loopback_llm.base_url, max_retries=0)
    results, took = timed(
        lambda: asyncio.run(compose_many([REQUEST] * 3, concurrency=1, settings=settings))
    )
    sources = [r.letter.source for r in results if r.letter is not None]
    assert sources == ["template", "llm", "llm"]
    assert took < DEADLINE + SLACK, took  # the next letters did not wait behind the first


def test_the_default_deadline_suits_a_person_waiting() -> None:
    assert 30 <= LLMSettings().timeout <= 90


# --- redirects ------------------------------------------------------------------------


def test_a_redirect_to_another_origin_is_not_followed(loopback_llm: LoopbackLLM) -> None:
    with LoopbackLLM() as elsewhere:
        target = f"{elsewhere.base_url}/chat/completions"
        loopback_llm.script(redirect(target))
        letter = compose(REQUEST, settings_for(loopback_llm.base_url, max_retries=2))
        assert elsewhere.requests == []  # the letter's details never reached it
    assert len(loopback_llm.requests) == 1  # and it was not retried
    assert letter.source == "template"
    assert letter.fallback_reason is not None and letter.fallback_reason.startswith("redirected")
    assert target in letter.notes[0] and "--base-url" in letter.notes[0]


def test_a_redirect_within_the_same_server_is_followed(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(redirect("/v1/chat/completions"), ok(GOOD))
    old = loopback_llm.base_url.replace("/v1", "/old")
    letter = compose(REQUEST, settings_for(old))
    assert letter.source == "llm", letter.notes
    assert [r.path for r in loopback_llm.requests] == [
        "/old/chat/completions",
        "/v1/chat/completions",
    ]


# --- keys -----------------------------------------------------------------------------

SECRET = "sk-env-secret-0123456789"
runner = CliRunner()
WRITE = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--model", "m"]


def sent_key(server: LoopbackLLM) -> str:
    return server.requests[-1].headers["authorization"].removeprefix("Bearer ")


def cli(server: LoopbackLLM, *extra: str, **env: str) -> Any:
    server.script(ok(GOOD))
    base = {"OPENAI_API_KEY": "", "OPENAI_BASE_URL": "", "BOWOUT_API_KEY": ""}
    return runner.invoke(app, [*WRITE, "--format", "json", *extra], env={**base, **env})


def test_the_environment_key_never_goes_to_a_typed_base_url(loopback_llm: LoopbackLLM) -> None:
    result = cli(loopback_llm, "--base-url", loopback_llm.base_url, OPENAI_API_KEY=SECRET)
    assert result.exit_code == 0, result.stderr
    assert sent_key(loopback_llm) == "not-needed"
    (held,) = [line for line in result.stderr.splitlines() if "not sending" in line]
    assert "OPENAI_API_KEY" in held and "--api-key" in held and SECRET not in result.output


def test_environment_key_and_base_url_are_paired(loopback_llm: LoopbackLLM) -> None:
    result = cli(loopback_llm, OPENAI_API_KEY=SECRET, OPENAI_BASE_URL=loopback_llm.base_url)
    assert result.exit_code == 0, result.stderr
    assert sent_key(loopback_llm) == SECRET
    assert "not sending" not in result.stderr


@pytest.mark.parametrize("how", ["--api-key", "BOWOUT_API_KEY"])
def test_a_key_given_for_the_typed_base_url_is_sent(loopback_llm: LoopbackLLM, how: str) -> None:
    extra = ["--base-url", loopback_llm.base_url]
    env = {"OPENAI_API_KEY": "sk-other-0000000000"}
    if how == "--api-key":
        result = cli(loopback_llm, *extra, "--api-key", SECRET, **env)
    else:
        result = cli(loopback_llm, *extra, BOWOUT_API_KEY=SECRET, **env)
    assert result.exit_code == 0, result.stderr
    assert sent_key(loopback_llm) == SECRET


def test_a_saved_key_goes_only_to_the_endpoint_it_was_saved_for(
    loopback_llm: LoopbackLLM, tmp_path: Path
) -> None:
    from pydantic import SecretStr

    from bowout.profile import Profile, save_profile

    save_profile(Profile(api_key=SecretStr(SECRET), key_for="https://api.openai.com/v1"))
    result = cli(loopback_llm, "--base-url", loopback_llm.base_url)
    assert sent_key(loopback_llm) == "not-needed"
    assert "the key saved in your profile" in result.stderr
    save_profile(Profile(api_key=SecretStr(SECRET), key_for=loopback_llm.base_url, base_url=None))
    cli(loopback_llm, "--base-url", loopback_llm.base_url)
    assert sent_key(loopback_llm) == SECRET


def test_the_environment_key_goes_to_openai_itself() -> None:
    settings = LLMSettings.from_env(env={"OPENAI_API_KEY": SECRET})
    assert settings.key_for_client() == SECRET and settings.endpoint == "api.openai.com"
    typed = LLMSettings.from_env(env={"OPENAI_API_KEY": SECRET}, base_url="https://x.example/v1")
    assert typed.api_key is None and typed.held_back == "OPENAI_API_KEY"
    explicit = LLMSettings.from_env(
        env={"OPENAI_API_KEY": SECRET}, base_url="https://api.openai.com/v1"
    )
    assert explicit.key_for_client() == SECRET


def test_no_key_over_plain_http_to_another_host() -> None:
    settings = LLMSettings(
        mode=LLMMode.ON, base_url="http://models.example.com/v1", api_key=SECRET, timeout=2
    )
    letter = compose(REQUEST, settings)  # the network is blocked: nothing may be attempted
    assert letter.fallback_reason is not None and letter.fallback_reason.startswith("insecure")
    assert "https://" in letter.notes[0] and "\n" not in letter.notes[0]
    with pytest.raises(LLMError, match="plain http"):
        compose(REQUEST, settings.model_copy(update={"strict": True}))
    result = runner.invoke(
        app,
        [*WRITE, "--base-url", "http://models.example.com/v1", "--api-key", SECRET, "--strict"],
    )
    assert result.exit_code == 1 and "plain http" in result.stderr
    assert "Traceback" not in result.output and SECRET not in result.output


def test_a_key_over_plain_http_to_this_machine_is_fine(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(ok(GOOD))
    letter = compose(REQUEST, settings_for(loopback_llm.base_url, api_key=SECRET))
    assert letter.source == "llm" and sent_key(loopback_llm) == SECRET


# --- credentials in URLs ----------------------------------------------------------------


def test_credentials_in_a_base_url_never_appear_in_output(loopback_llm: LoopbackLLM) -> None:
    host = loopback_llm.base_url.removeprefix("http://")
    url = f"http://ana:hunter2pass@{host}?api-key=qwerty789"
    loopback_llm.script(unauthorized())
    result = runner.invoke(
        app, [*WRITE, "--base-url", url, "--format", "json"], env={"OPENAI_API_KEY": ""}
    )
    assert result.exit_code == 0, result.stderr
    letter = json.loads(result.stdout)
    everything = result.output + json.dumps(letter)
    for secret in ("hunter2pass", "qwerty789", "ana:"):
        assert secret not in everything, secret
    assert "***@" in letter["notes"][0] and "api-key=***" in letter["fallback_reason"]
    strict = runner.invoke(app, [*WRITE, "--base-url", url, "--strict"], env={"OPENAI_API_KEY": ""})
    assert strict.exit_code == 1 and "hunter2pass" not in strict.output


def test_a_redirect_target_with_credentials_is_redacted(loopback_llm: LoopbackLLM) -> None:
    with LoopbackLLM() as elsewhere:
        host = elsewhere.base_url.removeprefix("http://")
        loopback_llm.script(redirect(f"http://bob:s3cr3tpw@{host}/chat/completions?token=t0k3n"))
        letter = compose(REQUEST, settings_for(loopback_llm.base_url))
    assert "s3cr3tpw" not in letter.model_dump_json() and "t0k3n" not in letter.model_dump_json()
    assert "***@" in letter.notes[0]
