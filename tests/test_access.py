"""The portal's address, checked at once, and the token bound to the host it was issued for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from publisher import access
from publisher import ckan as ckan_lib
from publisher.cli import cli
from publisher.config import Portal
from publisher.errors import ConfigError, PortalError
from tests.fakeckan import FakeCkan
from tests.test_sync import config, make_package  # noqa: F401 - the config fixture

TOKEN = "tok-SECRET-1234567890"
REPO = Path(__file__).resolve().parents[1]


def portal(
    tmp_path: Path, *, url: str = "http://127.0.0.1:5000", beside: str | None = None
) -> Portal:
    token_file = tmp_path / "api-token"
    token_file.write_text(TOKEN + "\n")
    if beside is not None:
        Path(f"{token_file}.url").write_text(beside + "\n")
    return Portal(url=url, token_env="CKAN_API_TOKEN", token_file=token_file)


def test_the_file_token_goes_to_the_configured_portal_only(tmp_path: Path) -> None:
    cfg = portal(tmp_path)
    assert access.resolve(cfg, environ={}).token == TOKEN
    here = access.resolve(cfg, environ={"CKAN_URL": "http://127.0.0.1:5000/"})
    assert here.token == TOKEN  # the same address, written with a slash
    other = access.resolve(cfg, environ={"CKAN_URL": "https://portal.example"})
    assert other.token is None and other.refused == (
        "http://127.0.0.1:5000",
        "https://portal.example",
    )
    with pytest.raises(PortalError) as caught:
        access.require(other, cfg)
    text = caught.value.text("id") + caught.value.text("en")
    assert "https://portal.example" in text and "127.0.0.1:5000" in text and TOKEN not in text
    assert "diterbitkan untuk" in caught.value.text("id")


def test_the_url_beside_the_token_file_binds_it(tmp_path: Path) -> None:
    cfg = portal(tmp_path, url="https://configured.example", beside="http://127.0.0.1:5000")
    assert access.resolve(cfg, environ={"CKAN_URL": "http://127.0.0.1:5000"}).token == TOKEN
    assert access.resolve(cfg, environ={}).token is None  # not for portal.url either


def test_the_environment_token_goes_with_the_environment_url(tmp_path: Path) -> None:
    cfg = portal(tmp_path)
    env = {"CKAN_URL": "https://portal.example", "CKAN_API_TOKEN": "env-token"}
    got = access.resolve(cfg, environ=env)
    assert (got.url, got.token, got.source) == (
        "https://portal.example",
        "env-token",
        "$CKAN_API_TOKEN",
    )
    flag = access.resolve(cfg, url="https://flag.example", environ={})
    assert flag.url == "https://flag.example" and flag.token is None  # file token: other host


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("127.0.0.1:5000", "http://"),
        ("portal.example", "http://"),
        ("ftp://portal.example", "http://"),
        ("https://portal.example/dataset", "path"),
        ("https://portal.example/api/3/action", "path"),
        ("https://portal.example/?q=1", "path"),
        ("https://user:pw@portal.example", "sandi"),
        ("https://portal.example:99999", "port"),
    ],
)
def test_a_bad_address_is_a_config_error_at_once(tmp_path: Path, url: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        access.resolve(portal(tmp_path), environ={"CKAN_URL": url})
    assert words in caught.value.text("id") and "$CKAN_URL" in caught.value.text("id")
    assert caught.value.text("en") != caught.value.text("id")


def test_addresses_are_normalised() -> None:
    assert access.check_url(" HTTPS://Portal.Example:8443/ ", "x") == "https://portal.example:8443"
    assert access.check_url("http://[::1]:5000", "x") == "http://[::1]:5000"


def test_connect_strict_refuses_lenient_reads_anonymously(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = portal(tmp_path)
    monkeypatch.setenv("CKAN_URL", "https://portal.example")
    monkeypatch.delenv("CKAN_API_TOKEN", raising=False)
    with pytest.raises(PortalError):
        ckan_lib.connect(cfg, need_token=False)
    with ckan_lib.connect(cfg, need_token=False, strict=False) as ckan:
        assert not ckan.has_token


def test_a_web_page_is_not_a_ckan_api() -> None:
    def page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, text="<html>Selamat datang</html>", headers={"Content-Type": "text/html"}
        )

    transport = httpx.MockTransport(page)
    with (
        ckan_lib.Ckan("http://127.0.0.1:1", None, transport=transport) as ckan,
        pytest.raises(PortalError) as caught,
    ):
        ckan.call("status_show")
    assert "bukan CKAN Action API" in caught.value.text("id")
    assert "not a CKAN Action API: got text/html" in caught.value.text("en")
    assert "<html>" not in caught.value.text("id")


def test_a_redirect_names_where_it_goes() -> None:
    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            301, headers={"Location": "https://portal.example/api/3/action/status_show"}
        )

    transport = httpx.MockTransport(moved)
    with (
        ckan_lib.Ckan("http://portal.example", None, transport=transport) as ckan,
        pytest.raises(PortalError, match="mengalihkan"),
    ):
        ckan.call("status_show")


def test_cli_no_scheme_exits_2_at_once_in_indonesian(tmp_path: Path) -> None:
    make_package(tmp_path / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "plan", str(tmp_path), "--no-validate"],
        cwd=REPO,
        env={"CKAN_URL": "127.0.0.1:5000", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.startswith("galat: $CKAN_URL: alamat portal") and "Traceback" not in done.stderr
    )


def test_plan_with_a_refused_token_exits_2(
    tmp_path: Path,
    config,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeCkan()

    def connect(cfg: Portal, *, need_token: bool = True, **_: object) -> ckan_lib.Ckan:
        return ckan_lib.Ckan(
            "http://ckan.test", "wrong", transport=fake.transport(), sleep=lambda s: None
        )

    monkeypatch.setattr(ckan_lib, "connect", connect)
    make_package(tmp_path / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    result = CliRunner().invoke(
        cli, ["--config", str(config.directory), "plan", str(tmp_path), "--no-validate"], env={}
    )
    assert isinstance(result.exception, PortalError)  # `main` turns it into exit 2
    assert "menolak token" in result.exception.text("id") and "wrong" not in str(result.exception)
    assert fake.datasets == {} and fake.orgs == {}
