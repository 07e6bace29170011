"""Region reference + official 2019 anchors → the bundled sample collection (deterministic).

    python tools/generate_collection.py                      # writes datapackages/
    python tools/generate_collection.py --out DIR --clean    # replace DIR entirely
    python tools/generate_collection.py --out DIR --scale 20 # + 19 copies of each kab/kota
    python tools/generate_collection.py --out DIR --plant-mistakes
        # DIR/datapackages/ with one planted mistake of each kind, DIR/mistakes.json the manifest
    python tools/generate_collection.py --out DIR --national all       # every office (548)
    python tools/generate_collection.py --out DIR --national 10%       # a tenth of the kab/kota
    python tools/generate_collection.py --out DIR --national 33        # one province
    python tools/generate_collection.py --out DIR --national per-province:1
    python tools/generate_collection.py --out DIR --national 6571      # one kab/kota
    python tools/generate_collection.py --out DIR --national all --ballots PPWP   # president only

Same inputs, same bytes: fixed seed, fixed timestamps in XLSX and PDF. See docs/collection.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kpugen.collection import Files, collection
from kpugen.mistakes import plant
from kpugen.national import ALL_BALLOTS, national
from kpugen.scale import scaled
from kpugen.tree import Regions, Result, build

from publisher.config import load_regions
from publisher.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO / "config" / "wilayah" / "wilayah-2017.csv"


def generate(
    *, regions: Path = REGIONS, scale: int = 1, mistakes: bool = False
) -> tuple[Files, list[dict[str, object]]]:
    """The collection as {relative path: bytes}, and the planted mistakes (empty unless asked)."""
    result: Result = build(Regions(regions))
    files = collection(result)
    if scale > 1:
        files = scaled(files, result, scale)
    manifest: list[dict[str, object]] = []
    if mistakes:
        files, manifest = plant(files, result)
    return files, manifest


def write_tree(files: Files, out: Path, *, clean: bool) -> None:
    """Write every file atomically; with `clean`, the whole folder is swapped in at the end."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if clean:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        staging.chmod(0o755)
        try:
            _write_files(files, staging)
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            if out.exists():
                out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    else:
        _write_files(files, out)


def _write_files(files: Files, root: Path) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.read_bytes() == data:
            continue
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate the bundled sample collection (synthetic numbers that add up "
        "exactly to the official 2019 results).",
    )
    parser.add_argument("--out", type=Path, help="output folder (default: datapackages)")
    parser.add_argument("--clean", action="store_true", help="replace the output folder entirely")
    parser.add_argument(
        "--scale", type=int, default=1, metavar="N", help="N copies of every kab/kota office"
    )
    parser.add_argument(
        "--plant-mistakes",
        action="store_true",
        help="write OUT/datapackages with one mistake of each kind and OUT/mistakes.json",
    )
    parser.add_argument(
        "--national",
        metavar="SHARE",
        help="every office of the country instead of the sample: all, N%%, a province code, "
        "per-province:N (see tools/kpugen/national.py)",
    )
    parser.add_argument(
        "--ballots",
        default=",".join(ALL_BALLOTS),
        metavar="LIST",
        help="with --national: the ballots written, comma-separated (default: all five, "
        f"{','.join(ALL_BALLOTS)}); the president's forms are always written",
    )
    parser.add_argument("--regions", type=Path, default=REGIONS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    if args.plant_mistakes and args.out is None:
        parser.error("--plant-mistakes needs --out DIR (the bundled collection stays clean)")
    out = args.out or REPO / "datapackages"
    started = time.perf_counter()
    if args.national and (args.plant_mistakes or args.scale > 1 or args.out is None):
        parser.error("--national needs --out DIR, without --scale or --plant-mistakes")
    try:
        if args.national:
            ballots = [b.strip().upper() for b in args.ballots.split(",") if b.strip()]
            unknown = [b for b in ballots if b not in ALL_BALLOTS]
            if unknown:
                parser.error(
                    f"--ballots: unknown {', '.join(unknown)} (of {', '.join(ALL_BALLOTS)})"
                )
            regions = load_regions(args.regions)
            files, manifest = national(regions, args.national, ballots), []
        else:
            files, manifest = generate(
                regions=args.regions, scale=args.scale, mistakes=args.plant_mistakes
            )
    except (OSError, ValueError, ConfigError) as exc:
        print(f"generate_collection: could not generate: {exc}", file=sys.stderr)
        return 2
    tree = out / "datapackages" if args.plant_mistakes else out
    write_tree(files, tree, clean=args.clean)
    if args.plant_mistakes:
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        _write_files({"mistakes.json": text.encode("utf-8")}, out)
    size = sum(len(b) for b in files.values())
    print(
        f"{tree}: {len(files)} files, {size / 1e6:.1f} MB"
        f"{f', {len(manifest)} planted mistakes' if manifest else ''}"
        f" ({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
