"""A tabular file + its Table Schema → the portal's DataStore, with a typed data dictionary.

So the portal previews and serves the table with the right types (not all `text`, as peers do):
integer → int8 (a Table Schema integer has no bound: campaign funds pass 2³¹), number →
numeric, boolean → bool, date → date, datetime → timestamp, the rest text; each column's
`title` and `description` become the dictionary's label and notes. Rows are
sent in batches; numbers written the Indonesian way ("2.488.733") are converted by the same
rule `build` uses (`tables.clean_number`), and the file is read in the encoding `build` found
(UTF-8, or Windows-1252 for a steward's CSV). A cell that is not of its column's type fails the
load (`LoadError`, which fails its dataset, never the whole sync).
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from publisher.ckan import Ckan, NotFound, ValidationFailed
from publisher.errors import PortalError
from publisher.tables import clean_number, sniff_delimiter, sniff_encoding

TYPES = {
    "integer": "int8",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "year": "int",
}
BATCH = 5000


class LoadError(PortalError):
    """A table the DataStore cannot take as typed; sync records it as its dataset's failure."""


def fields(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Table Schema fields → DataStore fields with a data dictionary (`info`)."""
    out = []
    for item in schema.get("fields") or []:
        info = {"label": str(item.get("title") or item["name"])}
        if item.get("description"):
            info["notes"] = str(item["description"])
        info["type_override"] = TYPES.get(str(item.get("type")), "text")
        out.append({"id": str(item["name"]), "type": info["type_override"], "info": info})
    return out


def _value(text: str, kind: str) -> Any:
    text = text.strip()
    if text == "":
        return None
    if kind in ("int", "int8"):
        return int(clean_number(text, "integer"))
    if kind == "numeric":
        return float(clean_number(text, "number"))
    if kind == "bool":
        return text.lower() in ("true", "1", "ya", "yes")
    return text


def records(path: Path, columns: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The file's rows, typed, in batches of BATCH."""
    encoding = sniff_encoding(path)[0] or "utf-8-sig"
    with path.open(encoding=encoding, newline="") as handle:
        delimiter = sniff_delimiter(handle.readline())
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=delimiter)
        batch: list[dict[str, Any]] = []
        for number, row in enumerate(reader, start=2):  # the header is row 1
            batch.append(_record(row, columns, path, number))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _record(
    row: Mapping[str, str | None], columns: list[dict[str, Any]], path: Path, number: int
) -> dict[str, Any]:
    record = {}
    for column in columns:
        text = row.get(column["id"]) or ""
        try:
            record[column["id"]] = _value(text, column["type"])
        except ValueError:
            raise LoadError(
                f"DataStore: {path} baris {number}, {column['id']}: {text!r} bukan"
                f" {column['type']}",
                hint="jalankan `publisher validate` pada foldernya, lalu perbaiki sel itu",
                en=f"DataStore: {path} row {number}, {column['id']}: {text!r} is not"
                f" {column['type']}",
                hint_en="run `publisher validate` on the folder and correct the cell",
            ) from None
    return record


# The view of a resource that a visitor sees first, by kind: a table preview of the DataStore
# table, the document itself in a frame. A portal without the view plugin keeps the download link.
TABLE_VIEW = {"view_type": "datatables_view", "title": "Tabel", "description": "Pratinjau tabel"}
DOCUMENT_VIEW = {
    "view_type": "webpage_view",
    "title": "Dokumen",
    "description": "Pratinjau dokumen",
}


def ensure_view(ckan: Ckan, resource_id: str, view: Mapping[str, str]) -> bool:
    """The resource has a view of this kind (made when missing); False when the portal has no
    such view plugin (the resource page then offers the download, as before). A document's
    frame shows the resource's own URL."""
    found = ckan.call("resource_view_list", {"id": resource_id})
    if any(v.get("view_type") == view["view_type"] for v in found or []):
        return True
    body: dict[str, Any] = {"resource_id": resource_id, **view}
    try:
        ckan.call("resource_view_create", body)
    except ValidationFailed:  # this portal does not offer that view
        return False
    return True


def load(ckan: Ckan, resource_id: str, path: Path, schema_text: str) -> int:
    """Replace the resource's DataStore table with the file's rows; returns the row count."""
    schema = json.loads(schema_text)
    columns = fields(schema)
    keys = schema.get("primaryKey")
    primary = [keys] if isinstance(keys, str) else list(keys or [])
    with contextlib.suppress(NotFound):  # no table yet: the usual case
        ckan.call("datastore_delete", {"resource_id": resource_id, "force": True})
    ckan.call(
        "datastore_create",
        {"resource_id": resource_id, "fields": columns, "force": True, "primary_key": primary},
    )
    count = 0
    for batch in records(path, columns):
        ckan.call(
            "datastore_upsert",
            {"resource_id": resource_id, "records": batch, "method": "insert", "force": True},
        )
        count += len(batch)
    return count
