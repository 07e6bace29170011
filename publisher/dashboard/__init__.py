"""`Status` (`publisher report`; its JSON form read back with `Status.from_dict`) → the
dashboard: one self-contained HTML file.

The page is rendered here, in full, in the requested language: every number is in the HTML before
any script runs, so it reads (and prints) without JavaScript. The small inline script only switches
the language, filters the office table and opens the package lists; it reads the UI strings and the
status itself from two `<script type="application/json">` blocks, so the page also carries its data.
A Content-Security-Policy forbids every network load: the file works from disk, offline.

Assets (CSS, JS, the id/en strings) live in `publisher/dashboard_assets/`. Output is deterministic:
the same status gives the same bytes (the only date shown is the status's own `generated`).

Modules: `page` (the entry point `render`, head, header, footer), `markup` (strings, formats,
elements, package states), `overview` (summary, provinces), `offices` (the office table),
`findings` (ranking, recap differences, problems).
"""

from publisher.dashboard.markup import STATES, number, package_state, percent, script_json, strings
from publisher.dashboard.page import render

__all__ = ["STATES", "number", "package_state", "percent", "render", "script_json", "strings"]
