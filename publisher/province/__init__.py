"""The province's job: offices' ready packages → bundles → collected into the province's tree.

`bundle` (an office folder → one archive of its siap-unggah packages with a manifest), `collect`
(bundles → verified, re-validated and swapped into the province tree, each all or nothing),
`history` (the record of every collect, crash recovery), `undo` (an office's last collect put
back), `render` (results → text in Bahasa Indonesia or English). Modules: `archive` (the tar
format, read safely), `manifest` (what a bundle declares), `swap` (the atomic exchange, the lock,
the crash hook), `messages` (the `province-*` codes).
"""

from __future__ import annotations

from publisher.province import messages as _messages  # registers the problem texts
from publisher.province.bundle import BundleResult, bundle
from publisher.province.collect import CollectResult, collect, province_of
from publisher.province.history import entries, recover
from publisher.province.undo import UndoResult, undo

del _messages

__all__ = [
    "BundleResult",
    "CollectResult",
    "UndoResult",
    "bundle",
    "collect",
    "entries",
    "province_of",
    "recover",
    "undo",
]
