"""`--help` in Bahasa Indonesia by default, in English with `--lang en` or `defaults.language: en`:
every English text of the command line has its Indonesian one in `publisher/cli_help.py`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from publisher import cli_help
from publisher.cli import cli

REPO = Path(__file__).resolve().parents[1]
# Names a translation must keep as they are: options, $VARIABLES, config keys, files, codes.
KEPT = re.compile(r"--[a-z][a-z-]*|\$[A-Z_]+|[\w-]+(?:[./][\w-]+)+")


def commands() -> Iterator[tuple[click.Command, click.Context]]:
    """The group and each of its commands, with a context to ask them for their parameters."""
    group_ctx = cli.make_context("publisher", [], resilient_parsing=True)  # its context_settings
    yield cli, group_ctx
    assert isinstance(cli, click.Group)
    for name in cli.list_commands(group_ctx):
        command = cli.get_command(group_ctx, name)
        assert command is not None
        yield command, command.make_context(name, [], parent=group_ctx, resilient_parsing=True)


def options(command: click.Command, ctx: click.Context) -> list[click.Option]:
    return [p for p in command.get_params(ctx) if isinstance(p, click.Option) and p.help]


def test_every_english_text_has_an_indonesian_one() -> None:
    """A command or option given English help without Indonesian fails here, so the two
    languages cannot drift apart."""
    missing = []
    for command, ctx in commands():
        texts = cli_help.TEXTS.get(command.name or "")
        if command.help and texts is None:
            missing.append(f"{command.name}: its help")
        if command.epilog and (texts is None or not texts.epilog):
            missing.append(f"{command.name}: its epilog")
        for option in options(command, ctx):
            if cli_help.indonesian(command, option) is None:
                missing.append(f"{command.name} {cli_help.option_key(option)}")
    assert missing == [], "no Indonesian help in publisher/cli_help.py for: " + ", ".join(missing)


def test_no_indonesian_text_is_left_over() -> None:
    """Every entry of the table is used; a shared text (COMMON) only stands for one English."""
    names = {command.name: (command, ctx) for command, ctx in commands()}
    assert set(cli_help.TEXTS) == set(names)
    used_common: dict[str, set[str]] = {}
    for name, texts in cli_help.TEXTS.items():
        command, ctx = names[name]
        keys = {cli_help.option_key(o): o for o in options(command, ctx)}
        assert set(texts.options) <= set(keys), f"{name}: options it does not have"
        for key in set(keys) - set(texts.options):
            assert keys[key].help is not None
            used_common.setdefault(key, set()).add(keys[key].help)
    assert set(used_common) == set(cli_help.COMMON)
    assert all(len(english) == 1 for english in used_common.values()), used_common


def test_a_translation_keeps_the_names_and_fits_its_line() -> None:
    """Option names, $VARIABLES, config keys and file names appear in both languages; a
    command's summary is whole on its line of `publisher --help` (100 columns)."""
    for command, ctx in commands():
        texts = cli_help.TEXTS[command.name or ""]
        assert len(texts.summary) <= 86, f"{command.name}: summary too long for one line"
        pairs = [(command.help or "", f"{texts.summary} {texts.details}")]
        pairs += [
            (o.help or "", cli_help.indonesian(command, o) or "") for o in options(command, ctx)
        ]
        for english, indonesian in pairs:
            kept = set(KEPT.findall(english)) - set(KEPT.findall(indonesian)) - {"e.g"}
            assert kept == set(), f"{command.name}: {sorted(kept)} missing from {indonesian!r}"


def english_config(tmp_path: Path) -> Path:
    target = tmp_path / "config-en"
    target.mkdir()
    text = (REPO / "config" / "publisher.yaml").read_text(encoding="utf-8")
    changed = text.replace("language: id", "language: en", 1)
    assert changed != text
    (target / "publisher.yaml").write_text(changed, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["--help"], False),
        (["--lang", "en", "--help"], True),
        (["--help", "--lang", "en"], True),
        (["--lang=en", "-h"], True),
        (["sync", "--help"], False),
        (["--lang", "en", "sync", "--help"], True),
        (["--lang", "id", "validate", "--help"], False),
        (["--lang", "en", "validate", "--help"], True),
        (["init", "-h"], False),
    ],
)
def test_help_in_both_languages(args: list[str], english: bool) -> None:
    result = CliRunner().invoke(cli, args, prog_name="publisher")
    assert result.exit_code == 0 and result.exception is None, result.output
    out = result.output
    words = ("Usage: publisher", "Options:", "Show this message and exit.")
    kata = ("Penggunaan: publisher", "Opsi:", "Tampilkan bantuan ini lalu keluar.")
    assert all((w in out) == english for w in words), out
    assert all((k in out) != english for k in kata), out
    if args[-2:] == ["validate", "--help"]:
        assert ("[default:" in out) == english and ("[bawaan:" in out) != english


def test_the_list_of_commands_and_the_config_language(tmp_path: Path) -> None:
    indonesian = CliRunner().invoke(cli, ["--help"], prog_name="publisher").output
    assert "Perintah:" in indonesian and "Commands:" not in indonesian
    assert "Kemas paket siap unggah" in indonesian and "--lang en PERINTAH --help" in indonesian
    config = english_config(tmp_path)
    for args in (["--config", str(config), "--help"], ["--config", str(config), "bundle", "-h"]):
        out = CliRunner().invoke(cli, args, prog_name="publisher").output
        assert out.startswith("Usage: publisher") and "Options:" in out, out
    required = CliRunner().invoke(cli, ["undo", "--help"], prog_name="publisher").output
    assert "[wajib]" in required and "[required]" not in required


def test_help_through_python_dash_m() -> None:
    """The real entry point: exit 0, no traceback, and none of the heavy stages loaded."""
    probe = (
        "import sys\nfrom publisher.cli import main\ncode = 0\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "heavy = [m for m in ('polars', 'pyarrow', 'openpyxl', 'httpx') if m in sys.modules]\n"
        "print('HEAVY', heavy, 'CODE', code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for args, said in (
        (["--help"], "Penggunaan: publisher"),
        (["--lang", "en", "sync", "--help"], "Usage: publisher sync"),
        (["report", "--help"], "Kemajuan per kantor"),
    ):
        run = subprocess.run(
            [sys.executable, "-m", "publisher", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            check=False,
        )
        assert run.returncode == 0 and said in run.stdout, run.stdout + run.stderr
        assert "Traceback" not in run.stderr + run.stdout
        probed = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, cwd=REPO
        )
        assert "HEAVY [] CODE 0" in probed.stdout, probed.stdout + probed.stderr


def test_a_usage_error_is_framed_in_the_runs_language(capsys: pytest.CaptureFixture[str]) -> None:
    from publisher.cli import main

    for args, said in (
        (["sync", "--bogus"], ("Penggunaan: publisher sync [OPSI]", "Coba '", "galat: ")),
        (["--lang", "en", "sync", "--bogus"], ("Usage: publisher sync [OPTIONS]", "Error: ")),
    ):
        with pytest.raises(SystemExit) as exited:
            main(args)
        err = capsys.readouterr().err
        assert exited.value.code == 2 and all(s in err for s in said), err
        assert "--bogus" in err and "Traceback" not in err
