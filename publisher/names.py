"""Text → the safe names the tool makes: CKAN dataset, organisation and group names, resource
names, field names and file names of clean CSVs. One rule, `slug`."""

from __future__ import annotations

import re
from functools import cache


@cache
def _other(keep: str) -> re.Pattern[str]:
    return re.compile(f"[^a-z0-9{re.escape(keep)}]+")


def slug(text: str, sep: str = "-", *, keep: str = "") -> str:
    """Lowercase a-z0-9 (and the characters in `keep`); any run of other characters becomes one
    `sep`, none at either end. 'KAB. SIJUNJUNG' → 'kab-sijunjung'."""
    return _other(keep).sub(sep, text.lower()).strip(sep)
