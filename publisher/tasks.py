"""A command's options → one library task run → a value the CLI renders.

Each task is the whole of a command's work: `build`, `validate` (optionally building first),
`plan` and `sync` (a dry run being the plan), `report`, `pull`, each returning a value with its
exit code. build, plan, sync and report take the `Collection` the command opened (walked once);
validate takes paths, as its targets may be one package folder or file of a collection it finds
itself. The portal's address is resolved once (`--portal-url` > `$CKAN_URL` > `portal.url`, see
`access`); could-not-run conditions raise (`errors`), everything else is in the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher import access as access_lib
from publisher.config import Config
from publisher.errors import PortalError
from publisher.problems import Bilingual, Lang

if TYPE_CHECKING:  # annotations only: each task imports what it runs when it runs
    from publisher.build import BuildResult
    from publisher.ckan import Ckan
    from publisher.collection import Collection
    from publisher.plan import Plan
    from publisher.progress import Start
    from publisher.pull import PullResult
    from publisher.report.collect import Reported
    from publisher.sync import Prepared, Progress, SyncReport
    from publisher.validate import Options, Report

EXIT_OK, EXIT_PROBLEMS = 0, 1


def build(
    collection: Collection,
    *,
    force: bool = False,
    debug: bool = False,
    progress: Start | None = None,
) -> BuildResult:
    """Every folder of the collection built (unchanged ones skipped), from its one walk."""
    from publisher.build import build_tree
    from publisher.progress import silent

    return build_tree(
        collection.root,
        collection.config,
        force=force,
        debug=debug,
        progress=progress or silent,
        layout=collection.layout,
    )


# --- validate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Validated:
    """validate's report, and why the portal's licences were not checked (when they were not)."""

    report: Report
    licences_unchecked: Bilingual | None = None

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def validate(
    paths: Sequence[Path],
    config: Config,
    options: Options,
    *,
    build_first: bool = False,
    changed_since: str | None = None,
    ask_portal: bool | None = None,
    portal_url: str | None = None,
    progress: Start | None = None,
) -> Validated:
    """Built packages checked; with `build_first` the folders are built first (CI, pre-commit),
    so the report covers what build found too. The portal's licence ids are asked with
    `ask_portal` (could not: exit 2) or when a portal address is given (could not: noted)."""
    from dataclasses import replace

    from publisher import validate as validate_lib
    from publisher.progress import silent

    licences, unchecked = _portal_licences(config, ask_portal, portal_url)
    options = replace(options, portal_licenses=licences)
    targets = tuple(paths) or (Path("datapackages"),)
    if build_first:
        from publisher.build import build_tree

        for target in targets:
            if target.is_dir():
                build_tree(target, config)
    report = validate_lib.validate_paths(targets, config, options, progress=progress or silent)
    if changed_since:
        report = validate_lib.only_changed(report, targets, changed_since)
    return Validated(report, unchecked)


def _portal_licences(
    config: Config, ask: bool | None, url: str | None
) -> tuple[frozenset[str] | None, Bilingual | None]:
    """The portal's licence ids, or None and why not (asked and failed: the error is raised)."""
    from publisher import ckan as ckan_lib

    if ask is False or (ask is None and not (url or access_lib.env_url())):
        return None, None
    quick = ckan_lib.RetryPolicy(attempts=2, base=0.2, cap=1.0)  # validation does not wait
    try:
        with ckan_lib.connect(
            config.portal, need_token=False, strict=False, retry=quick, url=url
        ) as ckan:
            return ckan.license_ids(), None
    except PortalError as exc:
        if ask:
            raise
        return None, Bilingual(exc.text("id"), exc.text("en"))


# --- plan / sync -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalOptions:
    """The options plan and sync share."""

    url: str | None = None  # --portal-url
    force: bool = False
    prune: bool = False
    publish_invalid: bool = False
    validate: bool = True


@dataclass(frozen=True)
class Planned:
    """What sync would do: the plan for the portal at `url`, or the data it would refuse
    (`refused`: nothing may be written). `anonymous`: read without a token."""

    url: str
    plan: Plan
    refused: tuple[Bilingual, ...] = ()
    anonymous: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_PROBLEMS if self.refused or self.plan.holds_back else EXIT_OK


@dataclass(frozen=True)
class ApplyOptions:
    workers: int | None = None  # None: portal.workers
    purge: bool = False
    datastore: bool = True


@dataclass(frozen=True)
class Synced:
    """A sync run: the plan it applied and what happened (`report` None: nothing was applied,
    a dry run or data the portal refused)."""

    planned: Planned
    report: SyncReport | None = None

    @property
    def exit_code(self) -> int:
        if self.report is None:
            return self.planned.exit_code
        return EXIT_PROBLEMS if self.report.failed else EXIT_OK


def plan(collection: Collection, options: PortalOptions) -> Planned:
    """validate → hold back → connect → read the portal, plan, preflight. Writes nothing."""
    ckan, prepared = _prepare(collection, options, need_token=False)
    with ckan:
        return _planned(ckan, prepared)


def sync(
    collection: Collection,
    options: PortalOptions,
    apply: ApplyOptions | None,
    *,
    progress: Callable[[int], Progress] | None = None,
) -> Synced:
    """The plan applied (`apply` None: a dry run, the plan only). `progress` is given the number
    of datasets and returns the callback told of each one done."""
    from publisher import sync as sync_lib

    ckan, prepared = _prepare(collection, options, need_token=True)
    with ckan:
        planned = _planned(ckan, prepared)
        if apply is None or planned.refused:
            return Synced(planned)
        _check_datastore(prepared, apply)
        report = sync_lib.apply(
            ckan,
            prepared.plan,
            workers=apply.workers or collection.config.portal.workers,
            purge=apply.purge,
            datastore=apply.datastore,
            progress=progress(len(prepared.plan.datasets)) if progress else None,
        )
    return Synced(planned, report)


def _check_datastore(prepared: Prepared, apply: ApplyOptions) -> None:
    """Tables go to the DataStore by default: a portal without it is said so before any write."""
    check = prepared.check
    if apply.datastore and check is not None and "datastore" not in check.extensions:
        raise PortalError(
            "portal tidak menjalankan DataStore (plugin datastore), jadi tabel tidak dapat"
            " dimuat untuk pratinjau dan kueri",
            hint="jalankan `publisher sync --no-datastore`, atau aktifkan plugin datastore di"
            " portal; tidak ada yang ditulis ke portal",
            en="the portal does not run the DataStore (datastore plugin), so tables cannot be"
            " loaded for preview and queries",
            hint_en="run `publisher sync --no-datastore`, or enable the datastore plugin on the"
            " portal; nothing was written to the portal",
        )


def _planned(ckan: Ckan, prepared: Prepared) -> Planned:
    check = prepared.check
    refused = tuple(check.data_problems) if check else ()
    return Planned(ckan.url, prepared.plan, refused, anonymous=not ckan.has_token)


def _prepare(
    collection: Collection, options: PortalOptions, *, need_token: bool
) -> tuple[Ckan, Prepared]:
    """The same for plan and sync: the verdicts, the client (the caller closes it), the plan and
    the preflight; a portal or token that refuses raises (exit 2)."""
    from publisher import ckan as ckan_lib
    from publisher import sync as sync_lib

    config = collection.config
    local, skip = sync_lib.gather(
        collection,
        validate=options.validate,
        publish_invalid=options.publish_invalid,
    )
    ckan = ckan_lib.connect(config.portal, need_token=need_token, url=options.url)
    try:
        prepared = sync_lib.prepare(
            ckan,
            local,
            config,
            force=options.force,
            prune=options.prune,
            skip=skip,
            probe_token=ckan.has_token,
        )
        error = prepared.check.error() if prepared.check else None
        if error is not None:
            raise error
    except BaseException:
        ckan.close()
        raise
    return ckan, prepared


# --- report ------------------------------------------------------------------------------------


def report(
    collection: Collection,
    *,
    offline: bool = False,
    lang: str = "id",
    portal_url: str | None = None,
    progress: Start | None = None,
) -> Reported:
    """Progress per office and province (`publisher.report`). The portal is read unless
    `offline`; when its address was given (`--portal-url`, `$CKAN_URL`) and it cannot be read,
    PortalError (exit 2), else the status without it and the reason (a warning)."""
    from publisher.progress import silent
    from publisher.report import report_of

    return report_of(
        collection,
        offline=offline,
        lang=lang,
        progress=progress or silent,
        portal_url=portal_url,
        require_portal=bool(portal_url or access_lib.env_url()),
    )


def describe_plan(planned: Planned, lang: Lang = "id", *, verbose: bool = False) -> Iterable[str]:
    """The plan for people: its address, one line per action, the summary."""
    from publisher import plan as plan_lib

    yield f"plan for {planned.url}:" if lang == "en" else f"rencana untuk {planned.url}:"
    yield from plan_lib.describe(planned.plan, lang=lang, verbose=verbose)
    yield plan_lib.summary_line(planned.plan, lang)


def pull(
    dest: Path,
    config: Config,
    *,
    url: str | None = None,
    organization: str | None = None,
    dataset: str | None = None,
) -> PullResult:
    """The portal's datasets (ours; one organisation's; one) → folders under `dest`. The token,
    when there is one for this portal, lets private datasets be read too."""
    from publisher import ckan as ckan_lib
    from publisher import pull as pull_lib

    with ckan_lib.connect(config.portal, need_token=False, strict=False, url=url) as ckan:
        return pull_lib.pull(ckan, dest, config, organization=organization, dataset=dataset)


# The lines of `describe_pull`, per language.
PULL_TEXT: dict[Lang, dict[str, str]] = {
    "id": {
        "failed": "gagal",
        "pulled": "ditarik",
        "files": "berkas",
        "summary": "{pulled} dataset ditarik, {failed} gagal, {files} berkas ke {dest}",
    },
    "en": {
        "failed": "failed",
        "pulled": "pulled",
        "files": "files",
        "summary": "{pulled} dataset(s) pulled, {failed} failed, {files} file(s) into {dest}",
    },
}


def describe_pull(done: PullResult, lang: Lang = "id") -> str:
    """What pull did, for people: one line per dataset (its folder, or why it failed), the
    totals."""
    words = PULL_TEXT[lang]
    width = max(len(words["failed"]), len(words["pulled"]))
    lines = []
    for item in done.datasets:
        if item.problem:
            why = item.problem_en if lang == "en" else item.problem
            lines.append(f"  {words['failed']:<{width}} {item.name}: {why}")
        else:
            files = f"{item.files} {words['files']}"
            lines.append(f"  {words['pulled']:<{width}} {item.folder} ({files})")
    summary = done.to_dict()["summary"]
    lines.append(words["summary"].format(**summary, dest=done.dest))
    return "\n".join(lines)
