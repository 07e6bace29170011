"""The Table Schemas of the four legislative ballots (DPR, DPD, DPRD Provinsi, DPRD Kab/Kota).

Writes `config/schemas/{c1,suara,rekap}-<ballot>*.json` from the fields of the presidential
schemas (`c1-ppwp.json`, `rekap-ppwp.json`) and the 2019 party list: per ballot a wide table per TPS
(`c1-<b>.json`: one row per TPS, one column per party's total), a long table per TPS
(`suara-<b>-tps.json`: one row per party-only vote count or candidate, the published form), and
the same two for recaps (`rekap-<b>.json`, `suara-<b>.json`). Run it after changing the party
list or a rule; the files are generated, not edited by hand:

    python tools/ballot_schemas.py [--config config]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

# The 2019 ballot order (shared DOMAIN.md); 15-18 are Aceh's local parties, on the ballot
# (DPRA, DPRK and the Aceh tables of every ballot) only in Aceh, province code 11.
PARTIES = (
    (1, "Partai Kebangkitan Bangsa", "PKB"),
    (2, "Partai Gerakan Indonesia Raya", "GERINDRA"),
    (3, "Partai Demokrasi Indonesia Perjuangan", "PDI-P"),
    (4, "Partai Golongan Karya", "GOLKAR"),
    (5, "Partai NasDem", "NASDEM"),
    (6, "Partai Gerakan Perubahan Indonesia", "GARUDA"),
    (7, "Partai Berkarya", "BERKARYA"),
    (8, "Partai Keadilan Sejahtera", "PKS"),
    (9, "Partai Persatuan Indonesia", "PERINDO"),
    (10, "Partai Persatuan Pembangunan", "PPP"),
    (11, "Partai Solidaritas Indonesia", "PSI"),
    (12, "Partai Amanat Nasional", "PAN"),
    (13, "Partai Hati Nurani Rakyat", "HANURA"),
    (14, "Partai Demokrat", "DEMOKRAT"),
    (15, "Partai Aceh", "PA"),
    (16, "Partai SIRA", "SIRA"),
    (17, "Partai Daerah Aceh", "PDA"),
    (18, "Partai Nanggroe Aceh", "PNA"),
    (19, "Partai Bulan Bintang", "PBB"),
    (20, "Partai Keadilan dan Persatuan Indonesia", "PKPI"),
)
ACEH = "11"
ACEH_PARTIES = (15, 16, 17, 18)
"""Aceh's local parties: on the DPRD ballots (DPRA, DPRK) in Aceh only, never on the DPR's."""


def on_ballot(ballot: str) -> list[tuple[int, str, str]]:
    """The parties of a legislative ballot: DPR without Aceh's local parties."""
    return [p for p in PARTIES if ballot != "dpr" or p[0] not in ACEH_PARTIES]


BALLOTS = {
    # code: (name in titles, lembaga for the dapil reference or None, has parties)
    "dpr": ("DPR", "DPR"),
    "dpd": ("DPD", None),
    "dprd-prov": ("DPRD Provinsi", "DPRD-PROV"),
    "dprd-kab-kota": ("DPRD Kabupaten/Kota", "DPRD-KAB-KOTA"),
}


def party_field(no: int, singkatan: str) -> dict[str, Any]:
    where = " (hanya di Aceh; 0 di provinsi lain)" if no in ACEH_PARTIES else ""
    return {
        "name": f"partai_{no:02d}",
        "type": "integer",
        "title": f"Suara partai {no} {singkatan}",
        "description": f"Jumlah suara sah partai nomor urut {no} ({singkatan}): suara partai saja"
        f" ditambah suara semua calonnya{where}.",
        "bareNumber": True,
        "constraints": {"required": True, "minimum": 0},
        "x-kpu-headers": [f"{no} {singkatan}", singkatan, f"PARTAI {no}", f"SUARA {singkatan}"],
    }


def _field(name: str, title: str, description: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": extra.pop("type", "string"), "title": title}
    out["description"] = description
    out.update(extra)
    return out


DAPIL = _field(
    "dapil",
    "Daerah pemilihan",
    'Nama daerah pemilihan (mis. "SUMATERA BARAT I"), sesuai daftar dapil di config/dapil/;'
    " kosong pada rekap yang melintasi dapil (mis. tingkat nasional).",
    **{"x-kpu-headers": ["DAPIL", "DAERAH PEMILIHAN"]},
)
NO_PARTAI = _field(
    "no_urut_partai",
    "Nomor urut partai",
    "Nomor urut partai politik peserta Pemilu 2019 (1-20; 15-18 hanya di Aceh).",
    type="integer",
    bareNumber=True,
    constraints={"required": True},
    **{"x-kpu-headers": ["NO URUT PARTAI", "NO PARTAI"]},
)
NAMA_PARTAI = _field(
    "nama_partai",
    "Partai politik",
    "Nama partai politik sesuai nomor urutnya (atau singkatannya, mis. PKB).",
    constraints={"required": True},
    **{"x-kpu-headers": ["PARTAI POLITIK", "NAMA PARTAI"]},
)
NO_CALON = _field(
    "no_urut_calon",
    "Nomor urut calon",
    "Nomor urut calon; kosong untuk suara partai saja.",
    type="integer",
    bareNumber=True,
    constraints={"minimum": 1},
    **{"x-kpu-headers": ["NO URUT CALON", "NO CALON"]},
)
NO_CALON_DPD = {**NO_CALON, "description": "Nomor urut calon anggota DPD di provinsi ini."}
NO_CALON_DPD["constraints"] = {"required": True, "minimum": 1}
NAMA_CALON = _field(
    "nama_calon",
    "Nama calon",
    "Nama calon sesuai daftar calon tetap (DCT); kosong untuk suara partai saja. Hanya nama:"
    " NIK calon tidak pernah dimuat.",
    **{"x-kpu-headers": ["NAMA CALON", "CALON"]},
)
SUARA = _field(
    "suara",
    "Suara",
    "Perolehan suara sah (partai saja, atau calon).",
    type="integer",
    bareNumber=True,
    constraints={"required": True, "minimum": 0},
    **{"x-kpu-headers": ["SUARA", "PEROLEHAN SUARA", "JUMLAH SUARA"]},
)


def party_rule(ballot: str, region: str) -> dict[str, Any]:
    return {
        "id": "partai-2019",
        "kind": "party",
        "number": "no_urut_partai",
        "name": "nama_partai",
        "region": region,
        "parties": [
            {
                "no": no,
                "nama": nama,
                "singkatan": s,
                **({"regions": [ACEH]} if no in ACEH_PARTIES else {}),
            }
            for no, nama, s in on_ballot(ballot)
        ],
        "message": {
            "id": "Nomor dan nama partai harus sesuai daftar partai peserta Pemilu 2019",
            "en": "Party numbers and names must follow the 2019 list of parties",
        },
    }


def party_columns_rule(region: str) -> dict[str, Any]:
    return {
        "id": "partai-aceh",
        "kind": "only-in",
        "fields": [f"partai_{no:02d}" for no in ACEH_PARTIES],
        "region": region,
        "regions": [ACEH],
        "message": {
            "id": "Partai lokal Aceh (15-18) hanya ada di surat suara di Aceh: di provinsi lain 0",
            "en": "Aceh's local parties (15-18) are on the ballot only in Aceh: 0 elsewhere",
        },
    }


def dapil_rule(lembaga: str, region: str) -> dict[str, Any]:
    return {
        "id": "dapil",
        "kind": "dapil",
        "field": "dapil",
        "region": region,
        "lembaga": lembaga,
        "message": {
            "id": f"Dapil harus dapil {lembaga} yang mencakup wilayah baris ini",
            "en": f"The dapil must be the {lembaga} dapil that holds the row's region",
        },
    }


def sum_rule(
    rule_id: str, fields: list[str], equals: str, text_id: str, text_en: str
) -> dict[str, Any]:
    return {"id": rule_id, "kind": "sum", "fields": fields, "equals": equals,
            "message": {"id": text_id, "en": text_en}}  # fmt: skip


def wide(base: dict[str, Any], ballot: str, *, tps: bool) -> dict[str, Any]:
    """The presidential table with the candidates' columns replaced by the ballot's."""
    name, lembaga = BALLOTS[ballot]
    fields = [f for f in base["fields"] if f["name"] not in ("suara_01", "suara_02")]
    at = [f["name"] for f in fields].index("suara_sah")
    parties = [party_field(no, s) for no, _, s in on_ballot(ballot)] if lembaga else []
    fields[at:at] = parties
    rules = [r for r in base["x-kpu-rules"] if r["id"] != "suara-sah"]
    if parties:
        rules.insert(2, sum_rule(
            "suara-sah", [f["name"] for f in parties], "suara_sah",
            "Jumlah suara semua partai harus sama dengan suara sah",
            "The parties' totals must add up to the valid votes"))  # fmt: skip
        if ballot != "dpr":
            rules.append(party_columns_rule("kode_provinsi" if tps else "kode_wilayah"))
    key = ["kode_kelurahan", "no_tps"] if tps else ["kode_wilayah"]
    form = "C1/DAA1" if tps else "DA1/DB1/DC1/DD1"
    out = {k: v for k, v in base.items() if k not in ("fields", "x-kpu-rules", "title")}
    out["title"] = f"Rekapitulasi suara {name} (Model {form}-{ballot.upper()}, bentuk lebar)"
    out["description"] = (
        f"Satu baris per {'TPS' if tps else 'wilayah'}: data pemilih, pengguna hak pilih,"
        + (" jumlah suara tiap partai (suara partai + calonnya)," if parties else "")
        + " suara sah, tidak sah dan jumlahnya. Rincian per partai dan calon ada di tabel bentuk"
        " panjang di folder yang sama."
    )
    out["fields"] = fields
    out["x-kpu-rules"] = rules
    out["x-kpu-index"] = {"key": key}
    return out


def long(ballot: str, *, tps: bool) -> dict[str, Any]:
    """One row per party-only count or candidate (DPD: per candidate), the published form."""
    name, lembaga = BALLOTS[ballot]
    if tps:
        region = [
            _field("kode_kelurahan", "Kode desa/kelurahan", "Kode desa/kelurahan (10 digit).",
                   constraints={"required": True, "pattern": "^[0-9]{10}$"},
                   **{"x-kpu-headers": ["KODE DESA/KEL", "KODE KELURAHAN", "KODE DESA/KELURAHAN"]}),
            _field("nama_kelurahan", "Desa/kelurahan", "Nama desa/kelurahan.",
                   constraints={"required": True},
                   **{"x-kpu-headers": ["DESA/KELURAHAN", "KELURAHAN", "NAGARI"]}),
            _field("no_tps", "Nomor TPS", "Nomor TPS, tiga digit (\"001\").",
                   constraints={"required": True, "pattern": "^[0-9]{3}$"},
                   **{"x-kpu-headers": ["TPS", "NO TPS", "NOMOR TPS"]}),
        ]  # fmt: skip
        key = ["kode_kelurahan", "no_tps"]
    else:
        region = [
            _field("kode_wilayah", "Kode wilayah", "Kode wilayah Kemendagri tanpa titik.",
                   constraints={"required": True,
                                "pattern": "^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?$"},
                   **{"x-kpu-headers": ["KODE WILAYAH", "KODE"]}),
            _field("nama_wilayah", "Nama wilayah", "Nama wilayah.", constraints={"required": True},
                   **{"x-kpu-headers": ["NAMA WILAYAH", "WILAYAH"]}),
        ]  # fmt: skip
        key = ["kode_wilayah"]
    code = key[0]
    if lembaga:
        numbers = "1-14, 19-20" if ballot == "dpr" else "1-20; 15-18 hanya di Aceh"
        no_partai = {**NO_PARTAI, "description": f"Nomor urut partai politik peserta Pemilu 2019"
                     f" pada surat suara {name} ({numbers})."}  # fmt: skip
        fields = [*region, DAPIL, no_partai, NAMA_PARTAI, NO_CALON, NAMA_CALON, SUARA]
        rules = [party_rule(ballot, code), dapil_rule(lembaga, code)]
        breakdown = {
            "key": key,
            "by": "no_urut_partai",
            "value": "suara",
            "target": "partai_{:02d}",
        }
        what = "partai politik (suara partai saja: nomor calon kosong) dan calon"
    else:
        fields = [*region, NO_CALON_DPD, NAMA_CALON, SUARA]
        rules = []
        breakdown = {"key": key, "value": "suara", "target": "suara_sah"}
        what = "calon perseorangan"
    level = "TPS" if tps else "wilayah"
    out: dict[str, Any] = {
        "title": f"Perolehan suara {what.split(' (')[0]} {name} per {level} (bentuk panjang)",
        "description": f"Satu baris per {what}, per {level}. Jumlahnya per {level}"
        + (" dan partai" if lembaga else "")
        + " harus sama dengan tabel bentuk lebar di folder yang sama.",
        "fields": fields,
        "missingValues": [""],
        "x-kpu-regions": [{"code": region[0]["name"], "name": region[1]["name"]}],
        "x-kpu-breakdown": breakdown,
    }
    if rules:
        out["x-kpu-rules"] = rules
    out["x-kpu-candidates"] = (
        {"area": "dapil", "party": "no_urut_partai", "number": "no_urut_calon",
         "name": "nama_calon"}
        if lembaga
        else {"area": region[0]["name"], "province": True, "number": "no_urut_calon",
              "name": "nama_calon"}
    )  # fmt: skip
    return out


GENDER = _field("jenis_kelamin", "Jenis kelamin", "L (laki-laki) atau P (perempuan).",
                constraints={"required": True, "enum": ["L", "P"]},
                **{"x-kpu-headers": ["JENIS KELAMIN", "L/P"]})  # fmt: skip


def dct(ballot: str) -> dict[str, Any]:
    """The candidate list (DCT) of a ballot: names and numbers only — a candidate's NIK, birth
    date or address is never part of it (the personal-data guard blocks a table that has one)."""
    name, lembaga = BALLOTS[ballot]
    if lembaga:
        area = {**DAPIL, "constraints": {"required": True}}
        number = {**NO_CALON, "constraints": {"required": True, "minimum": 1}}
        named = {**NAMA_CALON, "constraints": {"required": True}}
        fields = [area, NO_PARTAI, NAMA_PARTAI, number, named, GENDER]
        key = ["dapil", "no_urut_partai", "no_urut_calon"]
        candidates = {"area": "dapil", "party": "no_urut_partai", "number": "no_urut_calon",
                      "name": "nama_calon", "list": True}  # fmt: skip
        regions: list[dict[str, str]] = []
    else:
        fields = [
            _field("kode_provinsi", "Kode provinsi", "Kode provinsi (2 digit).",
                   constraints={"required": True, "pattern": "^[0-9]{2}$"},
                   **{"x-kpu-headers": ["KODE PROV", "KODE PROVINSI"]}),
            _field("nama_provinsi", "Provinsi", "Nama provinsi.", constraints={"required": True},
                   **{"x-kpu-headers": ["PROVINSI"]}),
            NO_CALON_DPD, {**NAMA_CALON, "constraints": {"required": True}}, GENDER,
        ]  # fmt: skip
        key = ["kode_provinsi", "no_urut_calon"]
        candidates = {"area": "kode_provinsi", "province": True, "number": "no_urut_calon",
                      "name": "nama_calon", "list": True}  # fmt: skip
        regions = [{"code": "kode_provinsi", "name": "nama_provinsi"}]
    out: dict[str, Any] = {
        "title": f"Daftar calon tetap (DCT) anggota {name}",
        "description": "Satu baris per calon: nomor urut dan nama (tanpa NIK atau data pribadi"
        " lain). Tabel hasil perolehan suara diperiksa terhadap daftar ini.",
        "fields": fields,
        "primaryKey": key,
        "missingValues": [""],
        "x-kpu-candidates": candidates,
    }
    if regions:
        out["x-kpu-regions"] = regions
    return out


def write(path: Path, schema: dict[str, Any]) -> None:
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=REPO / "config")
    args = parser.parse_args()
    folder = args.config / "schemas"
    c1 = json.loads((folder / "c1-ppwp.json").read_text(encoding="utf-8"))
    rekap = json.loads((folder / "rekap-ppwp.json").read_text(encoding="utf-8"))
    for ballot in BALLOTS:
        write(folder / f"c1-{ballot}.json", wide(c1, ballot, tps=True))
        write(folder / f"rekap-{ballot}.json", wide(rekap, ballot, tps=False))
        write(folder / f"suara-{ballot}-tps.json", long(ballot, tps=True))
        write(folder / f"suara-{ballot}.json", long(ballot, tps=False))
        write(folder / f"dct-{ballot}.json", dct(ballot))


if __name__ == "__main__":
    main()
