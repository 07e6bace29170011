"""Lucene query text (as CKAN writes it) → a query tree, and its match/score on a document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .schema import DATE, INT, NGRAM, STRING, Doc, SolrError, analyze, field_type, fold, now_utc

MUST, SHOULD, MUST_NOT = "must", "should", "must_not"


@dataclass
class Term:
    field: str | None  # None = the default field(s)
    text: str  # unescaped
    pattern: str | None = None  # regex when the term holds unescaped * or ?
    phrase: bool = False
    boost: float = 1.0


@dataclass
class Range:
    field: str | None
    low: str | None
    high: str | None
    incl_low: bool
    incl_high: bool
    boost: float = 1.0


@dataclass
class MatchAll:
    boost: float = 1.0


@dataclass
class Clause:
    occur: str
    node: Node


@dataclass
class BoolQ:
    clauses: list[Clause]
    min_should: int = 1
    mm_explicit: bool = False  # dismax mm applies even next to required clauses
    boost: float = 1.0


Node = Term | Range | MatchAll | BoolQ


@dataclass
class Tok:
    kind: str  # LP RP PLUS MINUS NOT AND OR FIELD TERM PHRASE RANGE BOOST EOF
    value: Any = None


_TERM_STOP = set(' \t\r\n()[]{}"^:~')


class Lexer:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def tokens(self) -> list[Tok]:
        out: list[Tok] = []
        while True:
            tok = self._next()
            out.append(tok)
            if tok.kind == "EOF":
                return out

    def _next(self) -> Tok:
        s = self.s
        while self.i < len(s) and s[self.i].isspace():
            self.i += 1
        if self.i >= len(s):
            return Tok("EOF")
        ch = s[self.i]
        two = s[self.i : self.i + 2]
        simple = {"(": "LP", ")": "RP", "+": "PLUS", "-": "MINUS", "!": "NOT"}
        if ch in simple:
            self.i += 1
            return Tok(simple[ch])
        if two in ("&&", "||"):
            self.i += 2
            return Tok("AND" if two == "&&" else "OR")
        if ch == '"':
            return self._phrase()
        if ch in "[{":
            return self._range()
        if ch == "^":
            self.i += 1
            m = re.match(r"\d+(?:\.\d+)?", s[self.i :])
            if not m:
                raise SolrError(f"Cannot parse '{s}': bad boost at position {self.i}")
            self.i += m.end()
            return Tok("BOOST", float(m.group()))
        if ch == "~":
            raise SolrError("fuzzy and proximity queries (~) are not supported by the stand-in")
        if ch in "]}:":
            raise SolrError(f"Cannot parse '{s}': unexpected {ch!r} at position {self.i}")
        return self._term()

    def _term(self) -> Tok:
        s = self.s
        text: list[str] = []
        regex: list[str] = []
        wild = False
        while self.i < len(s) and s[self.i] not in _TERM_STOP:
            ch = s[self.i]
            if ch == "\\" and self.i + 1 < len(s):
                self.i += 1
                text.append(s[self.i])
                regex.append(re.escape(s[self.i]))
            elif ch in "*?":
                wild = True
                text.append(ch)
                regex.append(".*" if ch == "*" else ".")
            else:
                text.append(ch)
                regex.append(re.escape(ch))
            self.i += 1
        word = "".join(text)
        if self.i < len(s) and s[self.i] == ":":
            self.i += 1
            return Tok("FIELD", word)
        if not wild and word in ("AND", "OR", "NOT"):
            return Tok(word)
        return Tok("TERM", (word, "".join(regex) if wild else None))

    def _phrase(self) -> Tok:
        s = self.s
        self.i += 1
        out: list[str] = []
        while self.i < len(s) and s[self.i] != '"':
            if s[self.i] == "\\" and self.i + 1 < len(s):
                self.i += 1
            out.append(s[self.i])
            self.i += 1
        if self.i >= len(s):
            raise SolrError(f"Cannot parse '{s}': unterminated phrase")
        self.i += 1
        return Tok("PHRASE", "".join(out))

    def _range(self) -> Tok:
        s = self.s
        incl_low = s[self.i] == "["
        end = s.find("]", self.i)
        end2 = s.find("}", self.i)
        ends = [e for e in (end, end2) if e != -1]
        if not ends:
            raise SolrError(f"Cannot parse '{s}': unterminated range")
        stop = min(ends)
        body = s[self.i + 1 : stop]
        incl_high = s[stop] == "]"
        self.i = stop + 1
        parts = re.split(r"\s+TO\s+", body.strip())
        if len(parts) != 2:
            raise SolrError(f"Cannot parse '{s}': range needs 'a TO b'")

        def bound(text: str) -> str | None:
            text = text.strip().strip('"').replace("\\", "")
            return None if text == "*" else text

        return Tok("RANGE", (bound(parts[0]), bound(parts[1]), incl_low, incl_high))


class Parser:
    """Recursive descent over Lexer tokens, with Lucene's rules for AND/OR/+/- (q.op aware)."""

    def __init__(self, text: str, *, default_and: bool) -> None:
        self.text = text
        self.toks = Lexer(text).tokens()
        self.pos = 0
        self.default_and = default_and

    def parse(self) -> BoolQ:
        query = self._query(None)
        if self._peek().kind != "EOF":
            raise SolrError(f"Cannot parse '{self.text}': unexpected ')'")
        return query

    def _peek(self) -> Tok:
        return self.toks[self.pos]

    def _take(self) -> Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def _query(self, fld: str | None) -> BoolQ:
        clauses: list[Clause] = []
        while self._peek().kind not in ("EOF", "RP"):
            conj = None
            if self._peek().kind in ("AND", "OR"):
                conj = self._take().kind
            mods = None
            if self._peek().kind == "PLUS":
                self._take()
                mods = "REQ"
            elif self._peek().kind in ("MINUS", "NOT"):
                self._take()
                mods = "NOT"
            node = self._clause(fld)
            self._add(clauses, conj, mods, node)
        return BoolQ(clauses)

    def _add(self, clauses: list[Clause], conj: str | None, mods: str | None, node: Node) -> None:
        if clauses and conj == "AND" and clauses[-1].occur != MUST_NOT:
            clauses[-1].occur = MUST
        if clauses and self.default_and and conj == "OR" and clauses[-1].occur != MUST_NOT:
            clauses[-1].occur = SHOULD
        prohibited = mods == "NOT"
        if self.default_and:
            required = not prohibited and conj != "OR"
        else:
            required = mods == "REQ" or (conj == "AND" and not prohibited)
        if mods == "REQ":
            required = True
        occur = MUST_NOT if prohibited else (MUST if required else SHOULD)
        clauses.append(Clause(occur, node))

    def _clause(self, fld: str | None) -> Node:
        tok = self._take()
        if tok.kind == "FIELD":
            fld = tok.value
            tok = self._take()
        node: Node
        if tok.kind == "LP":
            node = self._query(fld)
            if self._take().kind != "RP":
                raise SolrError(f"Cannot parse '{self.text}': missing ')'")
        elif tok.kind == "TERM":
            text, pattern = tok.value
            matches_all = text == "*" and fld in ("*", None)
            node = MatchAll() if matches_all else Term(fld, text, pattern)
        elif tok.kind == "PHRASE":
            node = Term(fld, tok.value, None, phrase=True)
        elif tok.kind == "RANGE":
            node = Range(fld, *tok.value)
        else:
            raise SolrError(f"Cannot parse '{self.text}': unexpected {tok.kind} token")
        if self._peek().kind == "BOOST":
            node.boost = self._take().value
        return node


# ---------------------------------------------------------------------------------------------
# Matching and scoring
# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    default_fields: list[tuple[str, float]]  # (field, boost); several for dismax qf
    tie: float = 0.0


_DATE_MATH = re.compile(r"NOW(?:([+-])(\d+)(YEARS?|MONTHS?|DAYS?|HOURS?|MINUTES?|SECONDS?))?")


def _date_value(text: str) -> str:
    m = _DATE_MATH.fullmatch(text)
    if not m:
        return text
    now = now_utc()
    if m.group(1):
        amount = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
        unit = m.group(3).rstrip("S")
        seconds = {"YEAR": 31536000, "MONTH": 2592000, "DAY": 86400, "HOUR": 3600}
        seconds.update({"MINUTE": 60, "SECOND": 1})
        now += dt.timedelta(seconds=amount * seconds[unit])
    return now.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def compare_key(value: str, kind: str) -> Any:
    if kind == INT:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _match_term_in_field(doc: Doc, name: str, term: Term) -> bool:
    ftype = field_type(name)
    values = doc.values.get(name)
    if not values:
        return False
    if term.text == "*" and not term.phrase:
        return True
    kind = ftype.kind
    if kind in (STRING, DATE, INT):
        if term.pattern is not None:
            rx = re.compile(term.pattern, re.DOTALL)
            return any(rx.fullmatch(v) for v in values)
        wanted = _date_value(term.text) if kind == DATE else term.text
        if kind == INT:
            return any(compare_key(v, INT) == compare_key(wanted, INT) for v in values)
        return wanted in values
    if kind == NGRAM:
        words = fold(term.text).lower().split()
        lowered = [fold(v).lower() for v in values]
        return bool(words) and all(
            2 <= len(w) <= 10 and any(w in v for v in lowered) for w in words
        )
    if term.pattern is not None:
        rx = re.compile(fold(term.pattern).lower(), re.DOTALL)
        return any(rx.fullmatch(t) for seq, extra in doc.tokens(name, kind) for t in [*seq, *extra])
    words, _ = analyze(term.text, kind)
    if not words:
        return False
    for seq, extra in doc.tokens(name, kind):
        if len(words) == 1 and (words[0] in seq or words[0] in extra):
            return True
        if len(words) > 1 and _contains_run(seq, words):
            return True
    return False


def _contains_run(seq: list[str], words: list[str]) -> bool:
    n = len(words)
    return any(seq[i : i + n] == words for i in range(len(seq) - n + 1))


def _match_range_in_field(doc: Doc, name: str, rng: Range) -> bool:
    kind = field_type(name).kind
    low = _date_value(rng.low) if (rng.low and kind == DATE) else rng.low
    high = _date_value(rng.high) if (rng.high and kind == DATE) else rng.high
    for value in doc.values.get(name, []):
        key = compare_key(value, kind)
        if low is not None:
            lo = compare_key(low, kind)
            if key < lo or (key == lo and not rng.incl_low):
                continue
        if high is not None:
            hi = compare_key(high, kind)
            if key > hi or (key == hi and not rng.incl_high):
                continue
        return True
    return False


def score(doc: Doc, node: Node, ctx: Context) -> float | None:
    """The score of a matching document, or None when it does not match."""
    if isinstance(node, MatchAll):
        return node.boost
    if isinstance(node, BoolQ):
        return _score_bool(doc, node, ctx)
    fields = [(node.field, 1.0)] if node.field is not None else ctx.default_fields
    hits: list[float] = []
    for name, fboost in fields:
        if name == "*":
            raise SolrError("a field name of '*' is only allowed in '*:*'")
        matched = (
            _match_range_in_field(doc, name, node)
            if isinstance(node, Range)
            else _match_term_in_field(doc, name, node)
        )
        if matched:
            hits.append(fboost * node.boost)
    if not hits:
        return None
    best = max(hits)
    return best + ctx.tie * (sum(hits) - best)


def _score_bool(doc: Doc, node: BoolQ, ctx: Context) -> float | None:
    total = 0.0
    should_hits = 0
    has_positive = False
    for clause in node.clauses:
        sub = score(doc, clause.node, ctx)
        if clause.occur == MUST_NOT:
            if sub is not None:
                return None
            continue
        has_positive = True
        if clause.occur == MUST:
            if sub is None:
                return None
            total += sub
        elif sub is not None:
            should_hits += 1
            total += sub
    if not node.clauses:
        return None
    if not has_positive:
        return node.boost  # a purely negative query: everything but the excluded
    musts = any(c.occur == MUST for c in node.clauses)
    needed = node.min_should if (node.mm_explicit or not musts) else 0
    shoulds = sum(1 for c in node.clauses if c.occur == SHOULD)
    if shoulds and should_hits < min(needed, shoulds):
        return None
    return total * node.boost


def min_should_match(spec: str, count: int) -> int:
    """Solr's ``mm`` (e.g. ``2<-1 5<80%``): how many optional clauses must match."""

    def apply(expr: str) -> int:
        if expr.endswith("%"):
            pct = int(expr[:-1])
            part = int(count * abs(pct) / 100)
            return part if pct >= 0 else count - part
        value = int(expr)
        return value if value >= 0 else count + value

    spec = spec.strip()
    try:
        if "<" in spec:
            result = count
            for cond in spec.split():
                threshold, expr = cond.split("<", 1)
                if count > int(threshold):
                    result = apply(expr)
        else:
            result = apply(spec)
    except ValueError as exc:
        raise SolrError(f"bad mm (minimum should match) value: {spec!r}") from exc
    return max(0, min(count, result))
