"""KPU dataset fields → DCAT-AP terms, on top of ckanext-dcat's DCAT-AP profile.

| KPU field | DCAT-AP term |
|---|---|
| kpu_cakupan_wilayah (Cakupan Wilayah) | dct:spatial (a dct:Location with its label) |
| kpu_kode_wilayah | dct:spatial's skos:notation (Kemendagri region code) |
| kpu_tahun (Tahun) | dct:temporal (a dct:PeriodOfTime, the whole year) |
| kpu_tanggal_penetapan (Tanggal Penetapan) | dct:issued |
| kpu_frekuensi (Frekuensi) | dct:accrualPeriodicity (as text) |
| kpu_sumber (Sumber) | dct:source (as text) |
| kpu_kontak (Kontak) | dcat:contactPoint (a vcard:Kind with fn, and hasEmail when given) |
| kpu_kode_tahapan, kpu_jenis_dokumen | dcat:keyword, and dct:type for the document type |
| kpu_tingkat (Tingkat Penyajian) | dct:description of the dct:spatial node |
| kpu_unit_kerja | dct:publisher comes from the organisation (ckanext-dcat); dct:creator its name |
"""

from __future__ import annotations

import re
from typing import Any

from ckanext.dcat.profiles import RDFProfile
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
_EMAIL = re.compile(r"<?([^<>\s]+@[^<>\s]+)>?")


def _value(dataset: dict[str, Any], key: str) -> str:
    value = dataset.get(key)
    if value in (None, ""):
        for item in dataset.get("extras") or []:
            if item.get("key") == key:
                value = item.get("value")
    return str(value or "").strip()


class KpuDcatProfile(RDFProfile):
    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        return dataset_dict

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        for prefix, namespace in (("dct", DCT), ("dcat", DCAT), ("vcard", VCARD)):
            g.bind(prefix, namespace)
        self._spatial(dataset_dict, dataset_ref)
        year = _value(dataset_dict, "kpu_tahun")
        if year.isdigit():
            period = BNode()
            g.add((dataset_ref, DCT.temporal, period))
            g.add((period, RDF.type, DCT.PeriodOfTime))
            g.add((period, DCAT.startDate, Literal(f"{year}-01-01", datatype=XSD.date)))
            g.add((period, DCAT.endDate, Literal(f"{year}-12-31", datatype=XSD.date)))
        issued = _value(dataset_dict, "kpu_tanggal_penetapan")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):  # the decision's date, not the upload's
            g.remove((dataset_ref, DCT.issued, None))
            g.add((dataset_ref, DCT.issued, Literal(issued, datatype=XSD.date)))
        for key, term in (("kpu_frekuensi", DCT.accrualPeriodicity), ("kpu_sumber", DCT.source)):
            if _value(dataset_dict, key):
                g.add((dataset_ref, term, Literal(_value(dataset_dict, key))))
        for key in ("kpu_kode_tahapan", "kpu_jenis_dokumen"):
            if _value(dataset_dict, key):
                g.add((dataset_ref, DCAT.keyword, Literal(_value(dataset_dict, key))))
        if _value(dataset_dict, "kpu_jenis_dokumen"):
            g.add((dataset_ref, DCT.type, Literal(_value(dataset_dict, "kpu_jenis_dokumen"))))
        if _value(dataset_dict, "kpu_unit_kerja"):
            g.add((dataset_ref, DCT.creator, Literal(_value(dataset_dict, "kpu_unit_kerja"))))
        self._contact(dataset_dict, dataset_ref)

    def _spatial(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        label = _value(dataset_dict, "kpu_cakupan_wilayah")
        code = _value(dataset_dict, "kpu_kode_wilayah")
        if not (label or code):
            return
        place = BNode()
        self.g.add((dataset_ref, DCT.spatial, place))
        self.g.add((place, RDF.type, DCT.Location))
        if label:
            self.g.add((place, RDFS.label, Literal(label, lang="id")))
        if code:
            self.g.add((place, SKOS.notation, Literal(code)))
        level = _value(dataset_dict, "kpu_tingkat")
        if level:
            self.g.add((place, DCT.description, Literal(level, lang="id")))

    def _contact(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        text = _value(dataset_dict, "kpu_kontak")
        if not text:
            return
        contact = BNode()
        self.g.add((dataset_ref, DCAT.contactPoint, contact))
        self.g.add((contact, RDF.type, VCARD.Kind))
        email = _EMAIL.search(text)
        name = text[: email.start()].strip() if email else text
        self.g.add((contact, VCARD.fn, Literal(name or text)))
        if email:
            self.g.add((contact, VCARD.hasEmail, URIRef("mailto:" + email.group(1))))
