"""A batch's clean rows → region codes and names against the reference, per distinct pair.

The distinct (code, name) pairs of the clean rows are looked up once each; a pair the lookup
cannot settle gets the exact verdict (cached), and only the rows of a bad pair are fetched for
their problems. `FastRegions` is a base of `FastTable`: its methods work on the table's state.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from publisher.validate.rows import TableChecker, fold_code, fold_name
from publisher.validate.spec import FieldSpec


class FastRegions:
    """Region codes of one table's clean rows: methods of `FastTable`, working on the state its
    `__init__` sets up (declared here for the type checker)."""

    checker: TableChecker
    by_name: dict[str, FieldSpec]
    verdicts: dict[tuple[str, str, Any], bool]

    def clean_regions(self, df: pl.DataFrame) -> None:
        """Distinct (code, name) pairs of the clean rows against the reference, cached."""
        pairs = self.checker.spec.regions
        if not pairs:
            return
        cols = list(dict.fromkeys(c for pair in pairs for c in pair if c))
        combos = df.lazy().filter(pl.col("__clean")).select(cols).unique().collect()
        for code_field, name_field in pairs:
            pair_cols = [code_field] + ([name_field] if name_field else [])
            distinct = combos.select(pair_cols).unique()
            if len(self.checker.constant.get(code_field, ())) < 2:
                for code in distinct[code_field].unique().head(2).to_list():
                    self.checker.seen_code(code_field, code)
            regions = self.checker.regions
            bad = set()
            codes = distinct[code_field].to_list()
            names = distinct[name_field].to_list() if name_field else [None] * len(codes)
            for code, name in zip(codes, names, strict=True):
                region = regions.get(code)
                if region is not None and (name is None or name == region.nama):
                    continue  # the common case, settled without a call
                if not self.region_ok(code_field, code, name_field, name):
                    bad.add((code, name) if name_field else (code,))
            if bad:
                self.region_rows(df, code_field, name_field, bad)

    def region_rows(
        self, df: pl.DataFrame, code_field: str, name_field: str | None, bad: set[Any]
    ) -> None:
        cols = [code_field] + ([name_field] if name_field else [])
        items = [pair[: len(cols)] for pair in bad]
        wanted = pl.DataFrame(items, schema={c: pl.String for c in cols}, orient="row")
        hits = (
            df.lazy()
            .filter(pl.col("__clean"))
            .select(["__row", *cols])
            .join(wanted.lazy(), on=cols, how="semi")
            .collect()
        )
        for rec in hits.iter_rows():
            name = rec[2] if name_field else None
            self.checker.region_problem(rec[0], code_field, rec[1], name_field, name)

    def field(self, name: str) -> FieldSpec:
        return self.by_name[name]

    def region_ok(self, code_field: str, code: str, name_field: str | None, name: Any) -> bool:
        """The exact verdict on a (code, name) the vectorised join could not settle."""
        key = (code_field, code, name)
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = self._region_ok(code_field, code, name_field, name)
            self.verdicts[key] = verdict
        return verdict

    def _region_ok(self, code_field: str, code: str, name_field: str | None, name: Any) -> bool:
        if code in self.field(code_field).missing_values:
            return True
        region = self.checker.regions.get(code) or self.checker.regions.get(fold_code(code))
        if region is None:
            return False
        if name_field is None or name == region.nama:
            return True
        if name in self.field(name_field).missing_values:
            return True
        return fold_name(str(name)) == fold_name(region.nama)
