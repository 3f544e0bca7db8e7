"""The sender's profile: saved safely, shown without secrets, and used as defaults under the
environment and the flags."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.errors import ProfileError
from bowout.profile import (
    Profile,
    fill_defaults,
    load_profile,
    profile_path,
    save_profile,
)

runner = CliRunner()
KEY = "sk-test-0123456789abcdefSECRET42"
WRITE = ["write", "withdraw", "--company", "Acme", "--llm", "off", "--no-advice"]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_path_follows_bowout_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOWOUT_CONFIG_DIR", str(tmp_path / "cfg"))
    code, out, _ = invoke("profile", "path")
    assert code == 0 and out.strip() == str(tmp_path / "cfg" / "profile.toml")


def test_default_location_is_the_platform_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_config_dir

    monkeypatch.delenv("BOWOUT_CONFIG_DIR")
    assert profile_path().parent == Path(user_config_dir("bowout", appauthor=False))


def test_set_then_show_round_trips_and_the_file_is_private() -> None:
    code, _, err = invoke(
        "profile", "set", "--name", "Zoë O'Connor", "--phone", "+44 20 7946 0018",
        "--email", "zoe@example.com", "--tone", "warm",
    )  # fmt: skip
    assert code == 0, err
    path = profile_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = load_profile()
    assert saved.sender_name == "Zoë O'Connor" and saved.tone == "warm"
    code, out, _ = invoke("profile", "show")
    assert "sender_name: Zoë O'Connor" in out and "sender_phone: +44 20 7946 0018" in out
    assert "api_key: not stored" in out


def test_set_changes_only_what_is_given_and_empty_clears() -> None:
    invoke("profile", "set", "--name", "Ana Lima", "--phone", "+1 555 0100")
    invoke("profile", "set", "--tone", "casual")
    assert load_profile().given() == {
        "sender_name": "Ana Lima", "sender_phone": "+1 555 0100", "tone": "casual",
    }  # fmt: skip
    invoke("profile", "set", "--phone", "")
    assert load_profile().sender_phone is None and load_profile().sender_name == "Ana Lima"


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--phone", "call me"], "--phone"),
        (["--email", "not-an-email"], "--email"),
        (["--name", "x" * 200], "--name"),
        (["--base-url", "localhost:8077"], "--base-url"),
    ],
)
def test_set_refuses_invalid_values_with_the_letter_rules(args: list[str], flag: str) -> None:
    code, _, err = invoke("profile", "set", *args)
    assert code == 1
    assert err.startswith(f"bowout: error: {flag} ") and err.count("\n") == 1
    assert not profile_path().exists()


def test_set_with_nothing_is_a_usage_error() -> None:
    code, _, _ = invoke("profile", "set")
    assert code == 2


def test_a_key_is_stored_only_when_asked_and_never_printed(no_keyring: None) -> None:
    invoke("profile", "set", "--name", "Ana Lima", env={"OPENAI_API_KEY": KEY})
    assert KEY not in profile_path().read_text()
    code, _, err = invoke("profile", "set", "--store-key", env={"OPENAI_API_KEY": KEY})
    assert code == 0 and "plain text" in err
    assert KEY in profile_path().read_text()
    assert stat.S_IMODE(profile_path().stat().st_mode) == 0o600
    for args in (["profile", "show"], ["profile", "show", "--json"]):
        code, out, err = invoke(*args)
        assert code == 0 and KEY not in out + err
        assert KEY[-4:] not in out  # not even a part of it
    assert json.loads(invoke("profile", "show", "--json")[1])["profile"]["api_key"] != KEY
    invoke("profile", "set", "--forget-key")
    assert load_profile().api_key is None and KEY not in profile_path().read_text()


def test_store_key_without_a_key_or_a_terminal_says_what_to_do() -> None:
    code, _, err = invoke("profile", "set", "--store-key", env={"OPENAI_API_KEY": ""})
    assert code == 2 and "OPENAI_API_KEY" in err


def test_clear_deletes_after_yes() -> None:
    invoke("profile", "set", "--name", "Ana Lima")
    code, _, _ = invoke("profile", "clear")
    assert code == 2 and profile_path().exists()  # no terminal to confirm on
    code, _, err = invoke("profile", "clear", "--yes")
    assert code == 0 and not profile_path().exists() and "deleted" in err
    assert invoke("profile", "clear", "--yes")[0] == 0


def test_a_saved_profile_fills_name_and_phone_and_tone() -> None:
    invoke("profile", "set", "--name", "Ana Lima", "--phone", "+1 555 0100", "--tone", "warm")
    code, out, err = invoke(*WRITE)
    assert code == 0, err
    assert out.rstrip().endswith("Ana Lima\n+1 555 0100")
    # The profile's tone is the letter's: the same letter as asking for warm outright, and
    # not the default formal one (the sign-off is varied, so compare whole letters).
    flags = ["--sender", "Ana Lima", "--phone", "+1 555 0100"]
    assert out == invoke(*WRITE, *flags, "--tone", "warm")[1]
    assert out != invoke(*WRITE, *flags, "--tone", "formal")[1]


def test_flags_beat_environment_beats_profile() -> None:
    invoke("profile", "set", "--name", "Profile Name", "--phone", "+1 555 0100")
    env = {"BOWOUT_NAME": "Env Name", "BOWOUT_TONE": "casual"}
    _, from_env, _ = invoke(*WRITE, env=env)
    assert "Env Name\n+1 555 0100" in from_env and "Profile Name" not in from_env
    as_casual = invoke(*WRITE, "--sender", "Env Name", "--tone", "casual", env=env)[1]
    assert from_env == as_casual  # the environment's tone, not the profile's default
    _, from_flag, _ = invoke(*WRITE, "--sender", "Flag Name", "--tone", "formal", env=env)
    assert "Flag Name" in from_flag and "Env Name" not in from_flag
    assert from_flag.startswith("Subject:") and "Dear" in from_flag  # a formal greeting
    assert from_flag != invoke(*WRITE, "--sender", "Flag Name", "--tone", "casual", env=env)[1]
    _, out, _ = invoke("profile", "show", env=env)
    assert "sender_name: Profile Name  (overridden by BOWOUT_NAME)" in out


def test_bad_environment_default_names_the_variable() -> None:
    code, _, err = invoke(*WRITE, "--sender", "Ana", env={"BOWOUT_PHONE": "ring ring"})
    assert code == 1 and "BOWOUT_PHONE" in err and err.count("\n") == 1


def test_a_broken_profile_file_is_a_one_line_error_not_a_traceback() -> None:
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('sender_name = "unterminated\n')
    code, _, err = invoke(*WRITE, "--sender", "Ana")
    assert code == 1 and "profile clear" in err and err.count("\n") == 1
    path.write_text('sender_phone = "not a phone"\n')
    with pytest.raises(ProfileError, match="sender_phone"):
        load_profile()


def test_odd_characters_survive_the_toml_file() -> None:
    name = 'Ana "Nina" Lima \\ 李小龙'
    save_profile(Profile(sender_name=name))
    assert load_profile().sender_name == name


def test_llm_settings_from_profile_only_where_environment_is_silent() -> None:
    from bowout.settings import LLMSettings

    profile = Profile(model="local-model", base_url="http://127.0.0.1:8077/v1").given()
    settings = LLMSettings.from_env(profile=profile, env={})
    assert (settings.model, settings.base_url) == ("local-model", "http://127.0.0.1:8077/v1")
    settings = LLMSettings.from_env(profile=profile, env={"BOWOUT_MODEL": "other"})
    assert (settings.model, settings.base_url) == ("other", "http://127.0.0.1:8077/v1")


def test_fill_defaults_never_overrides_a_given_value() -> None:
    profile = Profile(sender_name="Saved", sender_phone="+1 555 0100")
    filled = fill_defaults({"sender_name": "Given"}, env={}, profile=profile)
    assert filled == {"sender_name": "Given", "sender_phone": "+1 555 0100"}
