"""An in-memory CKAN Action API behind httpx.MockTransport, for fast tests of plans and faults.

It answers the actions kpu-publisher uses with CKAN's envelopes and error types, as recorded in
shared/CKAN-LOCAL.md. It is a fake: the sync path's end-to-end claims are tested against the real
local CKAN (tests/integration/); this one serves unit tests of error paths and fault injection.
"""

from __future__ import annotations

import copy
import email.parser
import hashlib
import itertools
import json
import re
from collections.abc import Callable
from typing import Any

import httpx

NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
LICENSES = ["cc-by", "cc-by-sa", "cc-zero", "odc-by", "odc-odbl", "odc-pddl", "other-open"]


class FakeCkan:
    def __init__(self, token: str = "good-token") -> None:
        self.token = token
        self.orgs: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.datasets: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.calls: list[str] = []
        # fault(action, call_number) → None, or (when, response): "before" answers without
        # doing the action, "after" does it and then loses the answer, "late" does it three
        # requests later (a request a proxy held past the client's timeout).
        self.fault: Callable[[str, int], tuple[str, httpx.Response | Exception] | None] | None = (
            None
        )
        self._ids = itertools.count(1)
        self._late: list[tuple[int, str, httpx.Request]] = []

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- plumbing --------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        action = request.url.path.rsplit("/", 1)[-1]
        self.calls.append(action)
        for due, late_action, late_request in list(self._late):
            if due <= len(self.calls):
                self._late.remove((due, late_action, late_request))
                self._answer(late_action, late_request)
        injected = self.fault(action, len(self.calls)) if self.fault else None
        if injected is None:
            return self._answer(action, request)
        if injected[0] == "after":
            self._answer(action, request)
        if injected[0] == "late":
            request.read()
            self._late.append((len(self.calls) + 3, action, request))
        if isinstance(injected[1], Exception):
            raise injected[1]
        return injected[1]

    def _answer(self, action: str, request: httpx.Request) -> httpx.Response:
        data, upload = self._parse(request)
        method = getattr(self, f"do_{action}", None)
        if method is None:
            return _error(400, None, f"Bad request - Action name not known: {action}")
        authed = request.headers.get("Authorization") == self.token
        if not action.endswith(("_show", "_list", "_search")) and not authed:
            return _error(403, "Authorization Error", "Access denied: User  not authorized")
        try:
            result = method(data, upload) if upload is not None else method(data)
        except _Fail as fail:
            return _error(fail.status, fail.kind, fail.payload)
        return httpx.Response(200, json={"success": True, "result": result})

    def _parse(self, request: httpx.Request) -> tuple[dict[str, Any], bytes | None]:
        body = request.read()
        ctype = request.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/"):
            return (json.loads(body) if body else {}), None
        msg = email.parser.BytesParser().parsebytes(
            b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body
        )
        data: dict[str, Any] = {}
        upload = b""
        for part in msg.get_payload():  # type: ignore[union-attr]
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if name == "upload":
                upload = payload
            else:
                data[name] = payload.decode("utf-8")
        return data, upload

    def new_id(self) -> str:
        return f"id-{next(self._ids):06d}"

    def find(self, ident: str) -> dict[str, Any]:
        for ds in self.datasets.values():
            if ident in (ds["id"], ds["name"]):
                return ds
        raise _Fail(404, "Not Found Error", "Not found")

    # -- actions ---------------------------------------------------------------------------
    def do_status_show(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"ckan_version": "2.12.0", "extensions": ["activity", "datastore"]}

    def do_license_list(self, data: dict[str, Any]) -> list[dict[str, str]]:
        return [{"id": lid, "title": lid} for lid in LICENSES]

    def do_organization_list(self, data: dict[str, Any]) -> list[str]:
        names = sorted(self.orgs)
        off = int(data.get("offset", 0))
        return names[off : off + int(data.get("limit", 1000))]

    def do_group_list(self, data: dict[str, Any]) -> list[str]:
        names = sorted(self.groups)
        off = int(data.get("offset", 0))
        return names[off : off + int(data.get("limit", 1000))]

    def _create_group(self, store: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        name = str(data.get("name", ""))
        if not NAME.match(name):
            raise _Fail(409, "Validation Error", {"name": ["Missing value"]})
        if name in store:
            raise _Fail(
                409, "Validation Error", {"name": ["Group name already exists in database"]}
            )
        store[name] = {**data, "id": self.new_id()}
        return store[name]

    def do_organization_create(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._create_group(self.orgs, data)

    def do_group_create(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._create_group(self.groups, data)

    def do_organization_show(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("id") not in self.orgs:
            raise _Fail(404, "Not Found Error", "Not found")
        return self.orgs[data["id"]]

    def do_group_show(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("id") not in self.groups:
            raise _Fail(404, "Not Found Error", "Not found")
        return self.groups[data["id"]]

    def do_package_search(self, data: dict[str, Any]) -> dict[str, Any]:
        fq = str(data.get("fq", ""))
        found = [d for d in self.datasets.values() if d["state"] == "active"]
        if m := re.match(r'extras_(\w+):"(.*)"', fq):
            key, value = m.groups()
            found = [d for d in found if {"key": key, "value": value} in d["extras"]]
        elif m := re.match(r"name:\((.*)\)", fq):
            names = set(m.group(1).split(" OR "))
            found = [d for d in found if d["name"] in names]
        found.sort(key=lambda d: d["name"])
        start, rows = int(data.get("start", 0)), int(data.get("rows", 10))
        return {"count": len(found), "results": copy.deepcopy(found[start : start + rows])}

    def do_package_show(self, data: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(self.find(str(data.get("id"))))

    def do_package_create(self, data: dict[str, Any]) -> dict[str, Any]:
        name = str(data.get("name", ""))
        errors: dict[str, list[str]] = {}
        if not NAME.match(name):
            errors["name"] = ["Must be purely lowercase alphanumeric (ascii) characters"]
        elif name in self.datasets:
            errors["name"] = ["That URL is already in use."]
        if not data.get("owner_org"):
            errors["owner_org"] = ["An organization must be provided"]
        elif data["owner_org"] not in self.orgs:
            errors["owner_org"] = ["Organization does not exist"]
        if errors:
            raise _Fail(409, "Validation Error", errors)
        org = self.orgs[data["owner_org"]]
        ds = {
            **copy.deepcopy(data),
            "id": self.new_id(),
            "state": "active",
            "owner_org": org["id"],
            "organization": {"name": org["name"], "id": org["id"]},
            "resources": [],
        }
        self.datasets[name] = ds
        return copy.deepcopy(ds)

    def do_package_patch(self, data: dict[str, Any]) -> dict[str, Any]:
        ds = self.find(str(data["id"]))
        for key, value in data.items():
            if key in ("id", "resources"):
                continue
            if key == "owner_org":
                org = self.orgs[value]
                ds["owner_org"], ds["organization"] = org["id"], {"name": value, "id": org["id"]}
            else:
                ds[key] = copy.deepcopy(value)
        return copy.deepcopy(ds)

    def do_package_delete(self, data: dict[str, Any]) -> None:
        self.find(str(data["id"]))["state"] = "deleted"

    def do_dataset_purge(self, data: dict[str, Any]) -> None:
        del self.datasets[self.find(str(data["id"]))["name"]]

    def do_organization_purge(self, data: dict[str, Any]) -> None:
        self._purge_group(self.orgs, str(data["id"]))

    def do_group_purge(self, data: dict[str, Any]) -> None:
        self._purge_group(self.groups, str(data["id"]))

    def _purge_group(self, store: dict[str, Any], ident: str) -> None:
        for name, item in list(store.items()):
            if ident in (name, item["id"]):
                del store[name]
                return
        raise _Fail(404, "Not Found Error", "Not found")

    def do_resource_create(self, data: dict[str, Any], upload: bytes = b"") -> dict[str, Any]:
        """As CKAN 2.12 does: an `id` given is used (tests/integration/test_ckan_contract.py);
        a second create with the same id updates that resource (CKAN then breaks positions,
        which the fake does not copy: sync never sends an id twice)."""
        ds = self.find(str(data["package_id"]))
        rid = str(data.get("id") or self.new_id())
        # CKAN fills in the core fields it knows, "" when not given (the contract suite checks)
        res = {"hash": "", "format": "", "description": "", "name": ""}
        res.update({k: v for k, v in data.items() if k != "package_id"})
        res.update(id=rid, size=len(upload), url=f"http://fake/{rid}/{res.get('name')}")
        self.files[rid] = upload
        same = [r for r in ds["resources"] if r["id"] == rid]
        if same:
            same[0].update(res)
        else:
            ds["resources"].append(res)
        return copy.deepcopy(res)

    def do_resource_patch(
        self, data: dict[str, Any], upload: bytes | None = None
    ) -> dict[str, Any]:
        for ds in self.datasets.values():
            for res in ds["resources"]:
                if res["id"] == data["id"]:
                    res.update({k: v for k, v in data.items()})
                    if upload is not None:
                        self.files[res["id"]] = upload
                        res["size"] = len(upload)
                    return copy.deepcopy(res)
        raise _Fail(404, "Not Found Error", "Not found")

    def do_resource_delete(self, data: dict[str, Any]) -> None:
        for ds in self.datasets.values():
            ds["resources"] = [r for r in ds["resources"] if r["id"] != data["id"]]

    def do_package_resource_reorder(self, data: dict[str, Any]) -> dict[str, Any]:
        ds = self.find(str(data["id"]))
        order = list(data["order"])
        ds["resources"].sort(key=lambda r: order.index(r["id"]) if r["id"] in order else 1e9)
        return {"id": ds["id"], "order": order}

    # -- helpers for tests -----------------------------------------------------------------
    def sha256(self, resource_id: str) -> str:
        return hashlib.sha256(self.files[resource_id]).hexdigest()

    def writes(self) -> list[str]:
        return [c for c in self.calls if not c.endswith(("_show", "_list", "_search"))]


class _Fail(Exception):
    def __init__(self, status: int, kind: str | None, payload: Any) -> None:
        self.status, self.kind, self.payload = status, kind, payload


def _error(status: int, kind: str | None, payload: Any) -> httpx.Response:
    if kind is None:
        return httpx.Response(status, text=f'"{payload}"')
    error = {"__type": kind, **payload} if isinstance(payload, dict) else {"__type": kind}
    if not isinstance(payload, dict):
        error["message"] = payload
    return httpx.Response(status, json={"success": False, "error": error})
