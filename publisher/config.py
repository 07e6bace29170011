"""config/ folder (YAML, Table Schemas, region codes) → a validated, typed `Config`.

Every file is checked when it is loaded: an unknown key, a wrong type or a missing required key is a
`ConfigError` naming the file and the key path (`config/publisher.yaml: portal.url`). Secrets are
never values here: the API token is named by an environment variable or a file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml

from publisher.dapil import Dapils, load_dapils
from publisher.errors import ConfigError
from publisher.regions import Regions
from publisher.regions import load_regions as _load_regions

T = TypeVar("T")
CONFIG_ENV = "KPU_PUBLISHER_CONFIG"
LANGUAGES = ("id", "en")
LEVELS = ("nasional", "provinsi", "kabupaten/kota", "kecamatan", "desa/kelurahan", "tps")
OFFICE_LEVEL = "kantor"
"""`tingkat: kantor`: the level is the office's own (an SK or a Berita Acara of KPU RI is
national, of a province office provincial, of a regency or city office kabupaten/kota)."""
NAME_PLACEHOLDERS = ("kode_wilayah", "unit_kerja", "kode_tahapan", "jenis_dokumen", "tahun")


@dataclass(frozen=True)
class Portal:
    url: str
    token_env: str | None
    token_file: Path | None
    max_upload_mb: int = 10
    workers: int = 4
    timeout: float = 60.0


@dataclass(frozen=True)
class Defaults:
    language: str
    license: str
    year: int
    contact: str
    frequency: str


@dataclass(frozen=True)
class Naming:
    dataset: str
    organization: str
    group: str


@dataclass(frozen=True)
class NarrativeRules:
    required: tuple[str, ...]
    max_title_length: int
    max_tags: int


@dataclass(frozen=True)
class Tahapan:
    code: str
    nama: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class JenisDokumen:
    code: str
    nama: str
    tingkat: str
    tahapan: tuple[str, ...]
    schemas: tuple[str, ...]
    judul: str
    aliases: tuple[str, ...]

    @property
    def schema(self) -> str | None:
        """The main Table Schema (a folder's tables may follow any of `schemas`)."""
        return self.schemas[0] if self.schemas else None

    def level(self, office: str) -> str:
        """The level of presentation of this type's tables at an office ("00" = KPU RI)."""
        if self.tingkat != OFFICE_LEVEL:
            return self.tingkat
        if office.strip("0") == "" or not office.isdigit():  # "00" (or "kpu-ri"): KPU RI
            return "nasional"
        return {2: "provinsi", 4: "kabupaten/kota"}.get(len(office), "nasional")


@dataclass(frozen=True)
class Config:
    """Everything in config/, validated. Lookups fold the spellings stewards use."""

    directory: Path
    portal: Portal
    defaults: Defaults
    naming: Naming
    narrative: NarrativeRules
    licenses: Mapping[str, tuple[str, ...]]
    tahapan: Mapping[str, Tahapan]
    jenis: Mapping[str, JenisDokumen]
    regions: Regions
    schemas_dir: Path
    dapils: Dapils = field(default_factory=lambda: Dapils(""))
    _schemas: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def resolve_tahapan(self, text: str) -> str | None:
        """'PL 01.8', 'PL.1.8', 'Rekapitulasi', 'PL.01.8_Rekap' → 'PL.01.8'; unknown → None."""
        code = _stage_code(text)
        if code in self.tahapan:
            return code
        return self._tahapan_aliases.get(_fold(text))

    def resolve_jenis(self, text: str) -> str | None:
        """'DA1 PPWP', 'da1-ppwp', 'Model DA1-PPWP' → 'DA1-PPWP'; unknown → None."""
        return self._jenis_aliases.get(_fold_type(text))

    def resolve_license(self, text: str) -> str | None:
        """'CC-BY 4.0', 'cc-by' → 'cc-by' (a CKAN licence id); unknown → None."""
        return self._license_aliases.get(_fold(text))

    def schema(self, name: str) -> dict[str, Any]:
        """A Table Schema from the schemas folder, as a fresh dict (callers may change it)."""
        if name not in self._schemas:
            path = self.schemas_dir / name
            self._schemas[name] = _load_json(path, self.directory)
        return json.loads(json.dumps(self._schemas[name]))  # type: ignore[no-any-return]

    @cached_property
    def _tahapan_aliases(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for t in self.tahapan.values():
            for alias in (t.code, t.nama, *t.aliases):
                out[_fold(alias)] = t.code
        return out

    @cached_property
    def _jenis_aliases(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for j in self.jenis.values():
            for alias in (j.code, *j.aliases):
                out[_fold_type(alias)] = j.code
        return out

    @cached_property
    def _license_aliases(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for lic, aliases in self.licenses.items():
            for alias in (lic, *aliases):
                out[_fold(alias)] = lic
        return out


def _fold(text: str) -> str:
    return re.sub(r"[\s._\-/]+", " ", text).strip().upper()


def _fold_type(text: str) -> str:
    folded = re.sub(r"[\s._\-]+", "-", text.strip().upper()).strip("-")
    return re.sub(r"^MODEL-", "", folded)


_STAGE_RE = re.compile(
    r"^\s*(PL|PY)[\s._\-]*0*(\d{1,2})[\s._\-]+0*(\d{1,2})(?![\d])", re.IGNORECASE
)


def _stage_code(text: str) -> str | None:
    m = _STAGE_RE.match(text)
    if not m:
        return None
    return f"{m.group(1).upper()}.{int(m.group(2)):02d}.{int(m.group(3))}"


# --- loading ---------------------------------------------------------------------------------


DEFAULTS = Path(__file__).resolve().parent / "defaults"
"""The default config, installed with the package (in the repository: a link to `config/`, the
editable copy; `publisher init` copies it for an office to edit)."""


def find_config_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--config flag > KPU_PUBLISHER_CONFIG > ./config > the default installed with the tool."""
    chosen = explicit or os.environ.get(CONFIG_ENV)
    if not chosen:
        here = Path("config")
        usable = (here / "publisher.yaml").is_file() or not (DEFAULTS / "publisher.yaml").is_file()
        chosen = here if usable else DEFAULTS
    path = Path(chosen)
    if not (path / "publisher.yaml").is_file():
        raise ConfigError(
            str(path / "publisher.yaml"),
            "",
            "berkas tidak ditemukan",
            hint=f"jalankan dari folder utama repositori, atau pakai --config DIR"
            f" (atau isi {CONFIG_ENV})",
            en="file not found",
            hint_en=f"run from the repository root, or pass --config DIR (or set {CONFIG_ENV})",
        )
    return path


def load_config(directory: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate every file of the config folder."""
    root = find_config_dir(directory)
    main = _Section.load(root / "publisher.yaml", root)
    main.keys({"portal", "defaults", "reference", "naming", "narrative", "licenses"})
    reference = main.section("reference")
    reference.keys({"regions", "schemas", "dapil"})
    schemas_dir = root / reference.get("schemas", str)
    if not schemas_dir.is_dir():
        raise ConfigError(
            reference.file,
            reference.path("schemas"),
            f"{schemas_dir} bukan folder",
            hint="periksa nama foldernya",
            en=f"{schemas_dir} is not a folder",
            hint_en="check the folder's name",
        )
    licenses = _load_licenses(main.section("licenses"))
    regions = load_regions(root / reference.get("regions", str), root)
    dapil = root / reference.get("dapil", str, "dapil/dapil-2019.csv")
    cfg = Config(
        directory=root,
        portal=_load_portal(main.section("portal"), root),
        defaults=_load_defaults(main.section("defaults"), licenses),
        naming=_load_naming(main.section("naming")),
        narrative=_load_narrative(main.section("narrative")),
        licenses=licenses,
        tahapan=_load_tahapan(root),
        jenis=_load_jenis(root, schemas_dir),
        regions=regions,
        schemas_dir=schemas_dir,
        dapils=load_dapils(dapil, _shown(dapil, root)),
    )
    _check_jenis_tahapan(cfg, root)
    return cfg


@dataclass
class _Section:
    """A mapping in a YAML file, with its file and key path for error messages."""

    data: Mapping[str, Any]
    file: str
    prefix: str = ""

    @classmethod
    def load(cls, path: Path, root: Path) -> _Section:
        shown = _shown(path, root)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                shown,
                "",
                "berkas tidak ditemukan",
                hint="periksa nama dan letak berkasnya",
                en="file not found",
                hint_en="check the file's name and location",
            ) from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(
                shown,
                "",
                f"bukan YAML yang sah: {exc}",
                hint="periksa penulisan berkasnya (indentasi, titik dua, tanda kutip)",
                en=f"not valid YAML: {exc}",
                hint_en="check how the file is written (indentation, colons, quotes)",
            ) from None
        if not isinstance(data, dict):
            raise ConfigError(
                shown,
                "",
                "isinya harus berupa pasangan kunci dan nilai (kunci: nilai)",
                en="must be a mapping of keys to values",
            )
        return cls(data, shown)

    def path(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise ConfigError(
                    self.file,
                    self.path(str(key)),
                    "kunci tidak dikenal",
                    hint=f"yang boleh di sini: {', '.join(sorted(allowed))}",
                    en="unknown key",
                    hint_en=f"allowed here: {', '.join(sorted(allowed))}",
                )

    def get(self, key: str, kind: type[T], default: T | None = None) -> T:
        if key not in self.data or self.data[key] is None:
            if default is not None:
                return default
            raise ConfigError(
                self.file,
                self.path(key),
                "kunci wajib ini belum diisi",
                hint="tambahkan kunci ini ke berkasnya",
                en="required key is missing",
                hint_en="add this key to the file",
            )
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(
                self.file,
                self.path(key),
                f"harus {_kind_name_id(kind)}, bukan {type(value).__name__} ({value!r})",
                en=f"must be {_kind_name(kind)}, not {type(value).__name__} ({value!r})",
            )
        return value

    def optional(self, key: str, kind: type[T]) -> T | None:
        return None if self.data.get(key) is None else self.get(key, kind)

    def strings(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        if key not in self.data and not required:
            return ()
        items = self.get(key, list)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise ConfigError(
                    self.file,
                    f"{self.path(key)}[{i}]",
                    "harus berupa teks",
                    en="must be text",
                )
        return tuple(items)

    def section(self, key: str) -> _Section:
        return _Section(self.get(key, dict), self.file, self.path(key))


def _kind_name(kind: type) -> str:
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping"}.get(
        kind, kind.__name__
    )


def _kind_name_id(kind: type) -> str:
    return {
        str: "teks",
        int: "bilangan bulat",
        float: "bilangan",
        list: "daftar",
        dict: "pasangan kunci dan nilai",
    }.get(kind, kind.__name__)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def _load_portal(sec: _Section, root: Path) -> Portal:
    sec.keys({"url", "token_env", "token_file", "max_upload_mb", "workers", "timeout"})
    url = sec.get("url", str)
    if not re.match(r"^https?://[^\s/]+", url):
        raise ConfigError(
            sec.file,
            sec.path("url"),
            f"bukan URL http(s): {url!r}",
            hint="tulis alamat yang diawali http:// atau https://",
            en=f"not an http(s) URL: {url!r}",
            hint_en="write an address that starts with http:// or https://",
        )
    token_file = sec.optional("token_file", str)
    workers = sec.get("workers", int, 4)
    if not 1 <= workers <= 32:
        raise ConfigError(
            sec.file,
            sec.path("workers"),
            "harus antara 1 dan 32",
            en="must be between 1 and 32",
        )
    return Portal(
        url=url.rstrip("/"),
        token_env=sec.optional("token_env", str),
        # relative to the folder that holds config/, so it works from any working directory
        token_file=(root.parent / token_file) if token_file else None,
        max_upload_mb=sec.get("max_upload_mb", int, 10),
        workers=workers,
        timeout=sec.get("timeout", float, 60.0),
    )


def _load_defaults(sec: _Section, licenses: Mapping[str, tuple[str, ...]]) -> Defaults:
    sec.keys({"language", "license", "year", "contact", "frequency"})
    language = sec.get("language", str)
    if language not in LANGUAGES:
        raise ConfigError(
            sec.file,
            sec.path("language"),
            f"harus salah satu dari {LANGUAGES}",
            en=f"must be one of {LANGUAGES}",
        )
    license_id = sec.get("license", str)
    if license_id not in licenses:
        raise ConfigError(
            sec.file,
            sec.path("license"),
            f"{license_id!r} bukan kunci di licenses",
            hint="pakai salah satu kunci di bagian licenses",
            en=f"{license_id!r} is not a key of licenses",
            hint_en="use one of the keys under licenses",
        )
    return Defaults(
        language=language,
        license=license_id,
        year=sec.get("year", int),
        contact=sec.get("contact", str),
        frequency=sec.get("frequency", str),
    )


def _load_naming(sec: _Section) -> Naming:
    sec.keys({"dataset", "organization", "group"})
    values = {k: sec.get(k, str) for k in ("dataset", "organization", "group")}
    for key, pattern in values.items():
        for name in re.findall(r"{([^}]*)}", pattern):
            if name not in NAME_PLACEHOLDERS:
                raise ConfigError(
                    sec.file,
                    sec.path(key),
                    f"penanda {{{name}}} tidak dikenal",
                    hint=f"gunakan {', '.join('{' + p + '}' for p in NAME_PLACEHOLDERS)}",
                    en=f"unknown placeholder {{{name}}}",
                    hint_en=f"use {', '.join('{' + p + '}' for p in NAME_PLACEHOLDERS)}",
                )
    return Naming(**values)


def _load_narrative(sec: _Section) -> NarrativeRules:
    sec.keys({"required", "max_title_length", "max_tags"})
    return NarrativeRules(
        required=sec.strings("required"),
        max_title_length=sec.get("max_title_length", int),
        max_tags=sec.get("max_tags", int),
    )


def _load_licenses(sec: _Section) -> dict[str, tuple[str, ...]]:
    return {str(k): sec.strings(str(k)) for k in sec.data}


def _load_tahapan(root: Path) -> dict[str, Tahapan]:
    top = _Section.load(root / "tahapan.yaml", root)
    top.keys({"tahapan"})
    stages = top.section("tahapan")
    out: dict[str, Tahapan] = {}
    for code in stages.data:
        sec = stages.section(str(code))
        sec.keys({"nama", "aliases"})
        if _stage_code(str(code)) != code:
            raise ConfigError(
                sec.file,
                sec.prefix,
                "kode tahapan ditulis seperti PL.01.8",
                en="a stage code is written like PL.01.8",
            )
        out[code] = Tahapan(str(code), sec.get("nama", str), sec.strings("aliases", required=False))
    return out


def _load_jenis(root: Path, schemas_dir: Path) -> dict[str, JenisDokumen]:
    top = _Section.load(root / "jenis-dokumen.yaml", root)
    top.keys({"jenis_dokumen"})
    types = top.section("jenis_dokumen")
    out: dict[str, JenisDokumen] = {}
    for code in types.data:
        sec = types.section(str(code))
        sec.keys({"nama", "tingkat", "tahapan", "schema", "judul", "aliases"})
        tingkat = sec.get("tingkat", str)
        if tingkat not in (*LEVELS, OFFICE_LEVEL):
            raise ConfigError(
                sec.file,
                sec.path("tingkat"),
                f"harus salah satu dari {', '.join((*LEVELS, OFFICE_LEVEL))}",
                en=f"must be one of {', '.join((*LEVELS, OFFICE_LEVEL))}",
            )
        out[str(code)] = JenisDokumen(
            code=str(code),
            nama=sec.get("nama", str),
            tingkat=tingkat,
            tahapan=sec.strings("tahapan"),
            schemas=_jenis_schemas(sec, schemas_dir),
            judul=sec.get("judul", str),
            aliases=sec.strings("aliases", required=False),
        )
    return out


def _jenis_schemas(sec: _Section, schemas_dir: Path) -> tuple[str, ...]:
    """`schema: a.json` or `schema: [wide.json, long.json]` (each table matched by its header),
    every file present."""
    raw = sec.data.get("schema")
    names = () if raw is None else (raw,) if isinstance(raw, str) else sec.strings("schema")
    for name in names:
        if not (schemas_dir / name).is_file():
            raise ConfigError(
                sec.file,
                sec.path("schema"),
                f"berkas {schemas_dir / name} tidak ada",
                hint="periksa nama berkas schema-nya",
                en=f"no file {schemas_dir / name}",
                hint_en="check the schema file's name",
            )
    return tuple(names)


def _check_jenis_tahapan(cfg: Config, root: Path) -> None:
    for jenis in cfg.jenis.values():
        for code in jenis.tahapan:
            if code not in cfg.tahapan:
                raise ConfigError(
                    _shown(root / "jenis-dokumen.yaml", root),
                    f"jenis_dokumen.{jenis.code}.tahapan",
                    f"{code} bukan tahapan di tahapan.yaml",
                    hint="tambahkan tahapan itu ke tahapan.yaml, atau perbaiki kodenya",
                    en=f"{code} is not a stage in tahapan.yaml",
                    hint_en="add the stage to tahapan.yaml, or correct the code",
                )


def load_regions(path: Path, root: Path | None = None) -> Regions:
    """The region reference (code → `Region`, lazily parsed; see `publisher.regions`)."""
    return _load_regions(path, _shown(path, root) if root is not None else str(path))


def _load_json(path: Path, root: Path) -> dict[str, Any]:
    shown = _shown(path, root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            shown,
            "",
            "berkas tidak ditemukan",
            hint="periksa nama dan letak berkasnya",
            en="file not found",
            hint_en="check the file's name and location",
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            shown,
            "",
            f"bukan JSON yang sah: {exc}",
            en=f"not valid JSON: {exc}",
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            shown,
            "",
            "Table Schema harus berupa objek JSON",
            en="a Table Schema must be a JSON object",
        )
    return data
