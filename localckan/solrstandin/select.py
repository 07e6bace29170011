"""A select request's parameters → Solr's JSON answer (docs, paging, sorting, facets)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import Any

from .index import Index
from .query import SHOULD, BoolQ, Context, Parser, compare_key, min_should_match, score
from .schema import TEXT, TEXT_GENERAL, Doc, SolrError, field_type


def param(params: list[tuple[str, str]], name: str, default: str | None = None) -> str | None:
    for key, value in reversed(params):
        if key == name:
            return value
    return default


def params_all(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def int_param(params: list[tuple[str, str]], name: str, default: int) -> int:
    raw = param(params, name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SolrError(f"Invalid Number: {raw} (parameter {name})") from exc


def _check_supported(name: str, value: str) -> None:
    if value.lstrip().startswith("{!") or "_query_:" in value or "_val_:" in value:
        raise SolrError(f"local params and magic fields ({name}) are not supported by the stand-in")


def _qf_fields(spec: str) -> list[tuple[str, float]]:
    fields = []
    for part in spec.split():
        name, _, boost = part.partition("^")
        fields.append((name, float(boost) if boost else 1.0))
    return fields


def build_query(params: list[tuple[str, str]]) -> tuple[BoolQ, Context]:
    q = param(params, "q") or "*:*"
    _check_supported("q", q)
    def_type = param(params, "defType", "lucene") or "lucene"
    default_and = (param(params, "q.op", "OR") or "OR").upper() == "AND"
    df = param(params, "df", "text") or "text"
    if def_type in ("dismax", "edismax"):
        qf = _qf_fields(param(params, "qf", df) or df)
        tie = float(param(params, "tie", "0") or 0)
        node = Parser(q, default_and=False).parse()
        mm = param(params, "mm")
        shoulds = sum(1 for c in node.clauses if c.occur == SHOULD)
        if mm is None:
            node.min_should = shoulds if default_and or def_type == "dismax" else 1
        else:
            node.min_should = min_should_match(mm, shoulds)
        node.mm_explicit = True
        return node, Context(qf, tie)
    if def_type != "lucene":
        raise SolrError(f"query parser {def_type!r} is not supported by the stand-in")
    return Parser(q, default_and=default_and).parse(), Context([(df, 1.0)])


def _sort_spec(spec: str) -> list[tuple[str, bool]]:
    out = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
            raise SolrError(f"Can't determine a Sort Order (asc or desc) in sort spec '{part}'")
        name = bits[0]
        if name != "score" and field_type(name).multi:
            raise SolrError(f"can not sort on multivalued field: {name}")
        out.append((name, bits[1].lower() == "desc"))
    return out


def _sorted(hits: list[tuple[Doc, float]], spec: list[tuple[str, bool]]) -> list[tuple[Doc, float]]:
    ordered = sorted(hits, key=lambda h: h[0].seq)
    for name, desc in reversed(spec):
        if name == "score":
            ordered.sort(key=lambda h: h[1], reverse=desc)
            continue
        kind = field_type(name).kind
        present = [h for h in ordered if h[0].values.get(name)]
        missing = [h for h in ordered if not h[0].values.get(name)]
        present.sort(key=lambda h: compare_key(h[0].values[name][0], kind), reverse=desc)
        ordered = present + missing  # sortMissingLast
    return ordered


def _field_list(params: list[tuple[str, str]]) -> list[str]:
    raw = " ".join(params_all(params, "fl")) or "*"
    return [f for f in re.split(r"[\s,]+", raw) if f]


def _project(doc: Doc, fields: list[str], doc_score: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        if name == "score":
            out["score"] = doc_score
            continue
        if "*" in name:
            matching = [k for k in doc.stored if _glob(name, k)]
        else:
            matching = [name] if name in doc.stored else []
        for key in matching:
            ftype = field_type(key)
            if not ftype.stored:
                continue
            value = doc.stored[key]
            if ftype.multi and not isinstance(value, list):
                value = [value]
            out[key] = value
    return out


def _glob(pattern: str, name: str) -> bool:
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), name) is not None


def _facet_values(doc: Doc, name: str) -> Iterable[str]:
    ftype = field_type(name)
    if ftype.kind in (TEXT, TEXT_GENERAL):
        return {t for seq, _ in doc.tokens(name, ftype.kind) for t in seq}
    return set(doc.values.get(name, []))


def _facets(docs: list[Doc], params: list[tuple[str, str]]) -> dict[str, Any]:
    fields_out: dict[str, list[Any]] = {}
    for name in params_all(params, "facet.field"):
        name = name.strip()
        if name.startswith("{!"):
            raise SolrError("local params in facet.field are not supported by the stand-in")
        limit = int_param(params, f"f.{name}.facet.limit", int_param(params, "facet.limit", 100))
        mincount = int_param(
            params, f"f.{name}.facet.mincount", int_param(params, "facet.mincount", 0)
        )
        sort = param(params, f"f.{name}.facet.sort") or param(params, "facet.sort")
        counts: dict[str, int] = {}
        for doc in docs:
            for value in _facet_values(doc, name):
                counts[value] = counts.get(value, 0) + 1
        items = [(v, n) for v, n in counts.items() if n >= mincount]
        if (sort or ("count" if limit > 0 else "index")) == "index":
            items.sort(key=lambda item: item[0])
        else:
            items.sort(key=lambda item: (-item[1], item[0]))
        if limit >= 0:
            items = items[:limit]
        fields_out[name] = [x for pair in items for x in pair]
    return {
        "facet_queries": {},
        "facet_fields": fields_out,
        "facet_ranges": {},
        "facet_intervals": {},
        "facet_heatmaps": {},
    }


def select(index: Index, core: str, params: list[tuple[str, str]]) -> dict[str, Any]:
    started = time.monotonic()
    node, ctx = build_query(params)
    filters = []
    for fq in params_all(params, "fq"):
        if fq.strip():
            _check_supported("fq", fq)
            default_and = (param(params, "q.op", "OR") or "OR").upper() == "AND"
            filters.append(Parser(fq, default_and=default_and).parse())
    fq_ctx = Context([(param(params, "df", "text") or "text", 1.0)])
    rows = int_param(params, "rows", 10)
    start = int_param(params, "start", 0)
    if rows < 0 or start < 0:
        raise SolrError("'rows' and 'start' must not be negative")
    spec = _sort_spec(param(params, "sort") or "score desc")
    hits: list[tuple[Doc, float]] = []
    for doc in index.docs(core):
        if any(score(doc, f, fq_ctx) is None for f in filters):
            continue
        doc_score = score(doc, node, ctx)
        if doc_score is not None:
            hits.append((doc, doc_score))
    ordered = _sorted(hits, spec)
    fields = _field_list(params)
    page = [_project(d, fields, s) for d, s in ordered[start : start + rows]]
    result: dict[str, Any] = {
        "responseHeader": {
            "status": 0,
            "QTime": int((time.monotonic() - started) * 1000),
            "params": _echo_params(params),
        },
        "response": {
            "numFound": len(hits),
            "start": start,
            "maxScore": max((s for _, s in hits), default=0.0),
            "numFoundExact": True,
            "docs": page,
        },
    }
    if (param(params, "facet", "false") or "false").lower() == "true":
        result["facet_counts"] = _facets([d for d, _ in hits], params)
    return result


def _echo_params(params: list[tuple[str, str]]) -> dict[str, Any]:
    echoed: dict[str, Any] = {}
    for key, value in params:
        if key in echoed:
            prev = echoed[key]
            echoed[key] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            echoed[key] = value
    return echoed
