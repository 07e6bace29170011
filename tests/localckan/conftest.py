"""Fixtures for the Solr stand-in tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from standin_client import Solr


@pytest.fixture
def solr(tmp_path: Path) -> Iterator[Solr]:
    instance = Solr(tmp_path / "solr")
    yield instance
    instance.close()
