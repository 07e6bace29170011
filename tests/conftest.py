"""Fixtures shared by the scan/build tests: a config folder with a small region list."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import Config, load_config
from tests.fixtures import make_config


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return make_config(tmp_path / "config")


@pytest.fixture
def config(config_dir: Path) -> Config:
    return load_config(config_dir)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "datapackages"
    path.mkdir()
    return path
