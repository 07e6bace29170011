"""CKAN's HTTP API as the set-up asks it: does CKAN answer `status_show`, is a token accepted."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from .settings import CKAN_URL, SYSADMIN


def http_json(
    path: str, *, token: str | None = None, data: dict[str, Any] | None = None, timeout: float = 5
) -> tuple[int, Any]:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(CKAN_URL + path, data=body, method="POST" if body else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        try:
            return err.code, json.loads(err.read() or b"null")
        except ValueError:
            return err.code, None
    except (urllib.error.URLError, OSError, ValueError):
        return 0, None


def status_show() -> dict[str, Any] | None:
    code, payload = http_json("/api/action/status_show", timeout=3)
    if code == 200 and isinstance(payload, dict) and payload.get("success"):
        result = payload.get("result")
        return result if isinstance(result, dict) else None
    return None


def token_valid(token: str) -> bool:
    # A bad token on a read is treated as anonymous, so ask for something only a user may see.
    code, _ = http_json("/api/action/api_token_list", token=token, data={"user_id": SYSADMIN})
    return code == 200
