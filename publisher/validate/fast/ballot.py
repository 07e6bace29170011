"""A batch's clean rows → the ballots' checks on whole columns: lookup rules per distinct key,
a long table's parts per group, a wide table's index.

The same verdicts, parts and index entries as the exact path (`rows.ballot`), which the rows
flagged in the batch went through: keys are made from the same cells (a missing one leaves the
row out, as there), verdicts come from the checker's cache, parts and entries keep the smallest
row. `FastBallot` is a base of `FastTable`: its methods work on the table's state.
"""

from __future__ import annotations

import polars as pl

from publisher.validate.fast.exprs import cell_missing
from publisher.validate.rows import TableChecker
from publisher.validate.rules import LookupRule, candidate_key
from publisher.validate.spec import FieldSpec


class FastBallot:
    """The ballots' checks of one table's clean rows (declared here for the type checker)."""

    checker: TableChecker
    by_name: dict[str, FieldSpec]
    names: list[str]

    def _present(self, names: list[str]) -> pl.Expr:
        """Clean rows whose text cells among `names` are all given."""
        texts = [self.by_name[n] for n in names if self.by_name[n].type != "integer"]
        ints = [
            pl.col("__i_" + n).is_not_null() for n in names if self.by_name[n].type == "integer"
        ]
        given = [~cell_missing(f) for f in texts] + ints
        return pl.col("__clean") & pl.all_horizontal(given) if given else pl.col("__clean")

    def _key_exprs(self, rule: LookupRule) -> list[pl.Expr]:
        region = pl.col(rule.region)
        if rule.kind == "party":
            return [pl.col("__i_" + rule.fields[0]), pl.col(rule.fields[1]), region.str.slice(0, 2)]
        if rule.kind == "dapil":
            return [pl.col(rule.fields[0]), region]
        return [region.str.slice(0, 2), *[pl.col("__i_" + n) != 0 for n in rule.fields]]

    def clean_lookups(self, df: pl.DataFrame) -> None:
        """Each distinct key of the clean rows judged once; the rows of a bad one reported."""
        for rule in self.checker.spec.lookups:
            names = [f"__k{i}" for i in range(len(rule.involved))]
            exprs = [e.alias(n) for e, n in zip(self._key_exprs(rule), names, strict=False)]
            names = names[: len(exprs)]
            keyed = df.lazy().filter(self._present(list(rule.involved))).select("__row", *exprs)
            distinct = keyed.select(names).unique().collect()
            bad = [k for k in distinct.iter_rows() if self.checker.lookup_verdict(rule, k)]
            if not bad:
                continue
            wanted = pl.DataFrame(bad, schema=distinct.schema, orient="row")
            hits = keyed.join(wanted.lazy(), on=names, how="semi", nulls_equal=True).collect()
            for rec in hits.iter_rows():
                self.checker.report_lookup(rule, rec[0], tuple(rec[1:]))

    def clean_parts(self, df: pl.DataFrame) -> None:
        """A long table's clean rows summed per key (and party) into the checker's parts."""
        b = self.checker.spec.breakdown
        if b is None:
            return
        group = [*b.key, *(["__i_" + b.by] if b.by else [])]
        value = pl.col("__i_" + b.value)
        present = self._present([*b.key, *([b.by] if b.by else [])])
        sums = (
            df.lazy()
            .filter(present)
            .group_by(group)
            .agg(value.sum().alias("__s"), value.null_count().alias("__z"), pl.col("__row").min())
            .collect()
        )
        n = len(b.key)
        for rec in sums.iter_rows():
            part = ("|".join(rec[:n]), b.target_of(rec[n] if b.by else None))
            if rec[-2]:
                self.checker.parts_unreliable.add(part)
            self.checker.add_part(part, int(rec[-3]), int(rec[-1]))

    def clean_index(self, df: pl.DataFrame) -> None:
        """A wide table's clean rows into the checker's index by key."""
        key = list(self.checker.spec.index_key)
        if not key or self.checker.keyed is None:
            return
        ints = [n for n in self.checker.sums if n in self.names]
        cols = [*key, "__row", *["__i_" + n for n in ints]]
        rows = df.lazy().filter(self._present(key)).select(cols).collect()
        n = len(key)
        for rec in rows.iter_rows():
            if self.checker.keyed is None:
                return
            values = {name: v for name, v in zip(ints, rec[n + 1 :], strict=True) if v is not None}
            self.checker.add_keyed("|".join(rec[:n]), rec[n], values)

    def clean_candidates(self, df: pl.DataFrame) -> None:
        """The distinct candidates of the clean rows, each with its first row."""
        c = self.checker.spec.candidates
        if c is None:
            return
        area = pl.col(c.area).str.slice(0, 2) if c.province else pl.col(c.area)
        party = pl.col("__i_" + c.party) if c.party else pl.lit(0, dtype=pl.Int64)
        found = (
            df.lazy()
            .filter(self._present(list(c.involved)))
            .group_by(area.alias("__a"), party.alias("__p"), pl.col("__i_" + c.number).alias("__n"),
                      pl.col(c.name).alias("__m"))
            .agg(pl.col("__row").min())
            .collect()
        )  # fmt: skip
        for a, p, n, m, row in found.iter_rows():
            self.checker.note_candidate(candidate_key(a, p, n, m), row)
