"""An update request body (JSON or XML) → add/delete operations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from .schema import SolrError


def parse_update(body: bytes, content_type: str) -> list[tuple[str, Any]]:
    """Operations in an update request body (JSON or XML)."""
    text = body.decode("utf-8").strip()
    if not text:
        return []
    if "json" in content_type or text[0] in "[{":
        return _json_ops(text)
    return _xml_ops(text)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object kept as its key/value pairs (Solr's JSON commands repeat keys)."""


def _plain(value: Any) -> Any:
    if isinstance(value, _Pairs):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _json_ops(text: str) -> list[tuple[str, Any]]:
    try:
        data = json.loads(text, object_pairs_hook=_Pairs)
    except json.JSONDecodeError as exc:
        raise SolrError(f"Cannot parse provided JSON: {exc}") from exc
    if not isinstance(data, _Pairs):
        docs = data if isinstance(data, list) else [data]
        return [("add", _plain(doc)) for doc in docs]
    ops: list[tuple[str, Any]] = []
    for command, arg in data:
        value = _plain(arg)
        if command == "add":
            ops.append(("add", value.get("doc", value)))
        elif command == "delete":
            if isinstance(value, dict) and "query" in value:
                ops.append(("delete_query", str(value["query"])))
            elif isinstance(value, dict) and "id" in value:
                ops.append(("delete_id", str(value["id"])))
            else:
                ids = value if isinstance(value, list) else [value]
                ops.extend(("delete_id", str(i)) for i in ids)
        elif command in ("commit", "optimize"):
            continue
        else:
            raise SolrError(f"Unknown command '{command}' in JSON update")
    return ops


def _xml_ops(text: str) -> list[tuple[str, Any]]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SolrError(f"Cannot parse provided XML: {exc}") from exc
    elements = [root] if root.tag != "update" else list(root)
    ops: list[tuple[str, Any]] = []
    for el in elements:
        if el.tag == "add":
            for doc_el in el.findall("doc"):
                doc: dict[str, Any] = {}
                for f in doc_el.findall("field"):
                    name, value = f.get("name", ""), f.text or ""
                    if name in doc:
                        prev = doc[name]
                        doc[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
                    else:
                        doc[name] = value
                ops.append(("add", doc))
        elif el.tag == "delete":
            for child in el:
                op = {"id": "delete_id", "query": "delete_query"}.get(child.tag)
                if op is None:
                    raise SolrError(f"unexpected <{child.tag}> in <delete>")
                ops.append((op, (child.text or "").strip()))
        elif el.tag in ("commit", "optimize", "rollback"):
            continue
        else:
            raise SolrError(f"Unexpected XML tag /{el.tag}")
    return ops
