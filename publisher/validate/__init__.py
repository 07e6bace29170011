"""Data packages → one validation report (Frictionless checks + election rules + personal data).

    report = validate_paths(["datapackages"], config, Options(lang="en"))
    print(render(report, "text", "en")); write_step_summary(report, "en")
    sys.exit(report.exit_code)          # 0 valid, 1 problems found (2 = InputError raised)

Modules: `spec` (schema → compiled checks, frictionless's cell semantics), `rows` (the exact
row-by-row checker), `fast` (the same checks vectorised with pyarrow + polars), `source`
(encodings, dialects, XLSX), `table` (one resource), `package` (packages and trees), `cross`
(totals across levels), `personal` (NIK/NKK and by-name lists), `render` (output formats),
`messages` (bilingual texts), `model` (report values).
"""

from __future__ import annotations

from publisher.validate import messages as _messages  # registers the problem texts
from publisher.validate.cross import check_cross
from publisher.validate.model import (
    EXIT_COULD_NOT_RUN,
    EXIT_INVALID,
    EXIT_VALID,
    Options,
    PackageReport,
    Report,
    ResourceReport,
)
from publisher.validate.package import (
    check_package,
    find_descriptors,
    only_changed,
    validate_paths,
)
from publisher.validate.render import FORMATS, render, write_step_summary
from publisher.validate.table import check_resource

del _messages

__all__ = [
    "EXIT_COULD_NOT_RUN",
    "EXIT_INVALID",
    "EXIT_VALID",
    "FORMATS",
    "Options",
    "PackageReport",
    "Report",
    "ResourceReport",
    "check_cross",
    "check_package",
    "check_resource",
    "find_descriptors",
    "only_changed",
    "render",
    "validate_paths",
    "write_step_summary",
]
