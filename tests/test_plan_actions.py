"""Plan actions as typed values: one class per action, each saying what it is in a line and as
JSON, chosen by the planner from the portal's state and applied by sync by its type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher import plan as plan_lib
from publisher.config import Config
from publisher.mapping import read_package
from publisher.plan import (
    Conflict,
    CreateDataset,
    DatasetAction,
    DeleteDataset,
    HeldBack,
    LeaveOnPortal,
    NameTaken,
    ResourceStep,
    SameResource,
    UnchangedDataset,
    UpdateDataset,
    UploadFile,
    make_plan,
)
from publisher.plan.actions import WORDS
from publisher.problems import Bilingual
from publisher.sync import find_packages, owner_pattern, read_remote
from publisher.sync.run import _apply_action
from tests.fakeckan import FakeCkan
from tests.test_sync import config, sync_once, tree  # noqa: F401  (fixtures)


def _leaves(base: type) -> list[type]:
    out = []
    for sub in base.__subclasses__():
        out += _leaves(sub) or [sub]
    return [c for c in out if c.__module__.startswith("publisher.")]


def test_one_class_per_action_each_with_its_own_word() -> None:
    datasets = _leaves(DatasetAction)
    resources = _leaves(ResourceStep)
    assert len({c.status for c in datasets}) == len(datasets) == 7
    assert len({c.kind for c in resources}) == len(resources) == 5
    for cls in datasets + resources:
        assert cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]


def test_every_action_describes_itself_in_a_line_and_as_json() -> None:
    """The line speaks the run's language (Bahasa Indonesia by default); the JSON keeps the
    action's code whatever the language and gives the reason in the language asked."""
    why = Bilingual("alasannya", "the reason")
    for cls in _leaves(DatasetAction):
        fields = cls.__dataclass_fields__  # type: ignore[attr-defined]
        needed = {"local": None, "remote": {}, "fingerprint": "sha256:x"}
        item = cls(
            name="1303-db1-ppwp-2019",
            reason=why,
            **{k: v for k, v in needed.items() if k in fields},
        )
        for lang, said in (("id", "alasannya"), ("en", "the reason")):
            head = item.describe(lang).splitlines()[0]
            assert head.startswith(f"  {WORDS[lang][cls.status]} "), head
            assert head.endswith(f" 1303-db1-ppwp-2019 ({said})"), head
            as_json = json.loads(json.dumps(item.to_dict(lang)))
            assert as_json["action"] == cls.status and as_json["dataset"] == item.name
            assert as_json["reason"] == said
        assert item.describe() == item.describe("id")
    for rcls in _leaves(ResourceStep):
        step = rcls(path="db1.csv", reason=why, resource_id="id-1")
        assert step.describe("en").split()[:2] == [rcls.kind, "db1.csv"]
        assert step.describe("id").split()[:2] == [WORDS["id"]["res-" + rcls.kind], "db1.csv"]
        assert step.to_dict("id")["action"] == step.to_dict("en")["action"] == rcls.kind


def test_each_language_has_a_distinct_word_for_each_action() -> None:
    for lang, words in WORDS.items():
        statuses = [words[c.status] for c in _leaves(DatasetAction)]
        kinds = [words["res-" + c.kind] for c in _leaves(ResourceStep)]
        assert len(set(statuses)) == len(statuses) and len(set(kinds)) == len(kinds), lang


def test_the_planner_chooses_each_type_from_the_portal(tree: Path, config: Config) -> None:  # noqa: F811
    fake = FakeCkan()
    first, _, _ = sync_once(fake, tree, config)
    assert {type(d) for d in first.datasets} == {CreateDataset}
    assert all(isinstance(r, UploadFile) for d in first.datasets for r in d.resources)
    fake.datasets["1303-db1-ppwp-2019"]["title"] = "Diubah di portal"
    fake.datasets["1374-db1-ppwp-2019"]["extras"] = []  # not ours any more
    local = [read_package(p, config) for p in find_packages(tree)]
    from publisher.ckan import Ckan

    ckan = Ckan("http://ckan.test", fake.token, transport=fake.transport(), sleep=lambda s: None)
    remote = read_remote(ckan, local)
    plan = make_plan(local, remote, owners=owner_pattern(config.naming.organization))
    kinds = {d.name: type(d) for d in plan.datasets}
    assert kinds == {"1303-db1-ppwp-2019": Conflict, "1374-db1-ppwp-2019": NameTaken}
    assert plan.holds_back
    invalid = Bilingual("tidak valid", "invalid")
    forced = make_plan(local, remote, force=True, skip={"1374-db1-ppwp-2019": invalid})
    kinds = {d.name: type(d) for d in forced.datasets}
    assert kinds == {"1303-db1-ppwp-2019": UpdateDataset, "1374-db1-ppwp-2019": HeldBack}
    update = next(d for d in forced.datasets if isinstance(d, UpdateDataset))
    assert all(isinstance(r, SameResource) for r in update.resources)
    assert [c.field for c in update.changes] == ["title"]


def test_removed_folders_and_files(tree: Path, config: Config) -> None:  # noqa: F811
    fake = FakeCkan()
    sync_once(fake, tree, config)
    (tree / "b" / "scan.pdf").unlink()
    package = json.loads((tree / "b" / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["path"] != "scan.pdf"]
    (tree / "b" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    for item in sorted((tree / "a").iterdir()):
        item.unlink()
    (tree / "a").rmdir()
    plan, _, _ = sync_once(fake, tree, config)
    gone = next(d for d in plan.datasets if d.name == "1303-db1-ppwp-2019")
    assert isinstance(gone, UnchangedDataset) and "--prune menghapusnya" in gone.reason.id
    assert "--prune deletes it" in gone.reason.en
    kept = [r for d in plan.datasets for r in d.resources if isinstance(r, LeaveOnPortal)]
    assert [r.path for r in kept] == ["scan.pdf"]
    pruned, _, _ = sync_once(fake, tree, config, prune=True)
    assert any(isinstance(d, DeleteDataset) for d in pruned.datasets)
    text = "\n".join(plan_lib.describe(pruned))
    assert "hapus      1303-db1-ppwp-2019 (foldernya sudah dihapus)" in text
    text = "\n".join(plan_lib.describe(pruned, lang="en"))
    assert "delete    1303-db1-ppwp-2019 (folder removed)" in text


def test_sync_refuses_an_action_it_has_no_way_to_apply() -> None:
    from dataclasses import dataclass
    from typing import ClassVar

    @dataclass(frozen=True, kw_only=True)
    class Novel(DatasetAction):
        status: ClassVar[plan_lib.Status] = "update"

    with pytest.raises(TypeError, match="Novel"):
        _apply_action(None, Novel(name="x"), purge=False, datastore=False, late=None)  # type: ignore[arg-type]


def test_every_reason_is_written_in_both_languages_with_the_same_placeholders() -> None:
    """What plan and sync say comes from these tables; an entry with one language missing, or
    with a placeholder only one language fills, would show a half-translated line."""
    import string

    from publisher.plan.planner import REASONS, SUMMARY
    from publisher.sync import result
    from publisher.sync.local import HELD_BACK

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for table in (REASONS, HELD_BACK):
        for key, (id_text, en_text) in table.items():
            assert id_text and en_text and id_text != en_text, key
            assert fields(id_text) == fields(en_text), key
    for words in (WORDS, SUMMARY, result.WORDS):
        assert set(words["id"]) == set(words["en"])
        for key in words["id"]:
            assert words["id"][key] and fields(words["id"][key]) == fields(words["en"][key]), key
