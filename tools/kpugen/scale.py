"""Collection × N → the same collection plus N-1 synthetic copies of every kab/kota office.

For benchmarks: each copy is a distinct office folder with a synthetic code (region codes that do
not exist, under synthetic province folders whose 2-digit codes are unused in the 2017 list), so
`scan` sees distinct offices. The files inside are byte-identical copies of the original office's
files (their rows keep the real region codes).
"""

from __future__ import annotations

from kpugen.collection import OFFICES, Files
from kpugen.tree import Result

_NUMBERS = [n for n in range(1, 100) if n != 70]  # 01-69 kabupaten, 71-99 kota


def scaled(files: Files, result: Result, n: int) -> Files:
    real = {k for k in result.regions.by_code if len(k) == 2} | {"00"}
    pool = [f"{c:02d}" for c in range(1, 100) if f"{c:02d}" not in real]
    kabs = [o for o in OFFICES if len(o.kode) == 4]
    capacity = len(pool) * len(_NUMBERS) // len(kabs) + 1
    if n > capacity:
        raise ValueError(f"--scale {n} is more than the {capacity} copies synthetic codes allow")
    out = dict(files)
    slot = 0
    for copy in range(2, n + 1):
        for office in kabs:
            prov = pool[slot // len(_NUMBERS)]
            number = _NUMBERS[slot % len(_NUMBERS)]
            slot += 1
            kind = "KAB" if number < 70 else "KOTA"
            name = office.name.split("_", 3)[-1]
            office_name = f"{prov}{number:02d}_KPU_{kind}_SALINAN_{copy:03d}_{name}"
            folder = f"{prov}_KPU_PROV_SINTETIS_{prov}/{office_name}"
            prefix = office.folder + "/"
            for path, data in files.items():
                rest = path[len(prefix) :]
                if path.startswith(prefix) and rest.count("/") == 2:
                    out[f"{folder}/{rest}"] = data
    return dict(sorted(out.items()))
