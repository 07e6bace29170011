"""The KPU portal's resource page, and its facets: province, office, stage, document type and
year, titled in the visitor's language (Bahasa Indonesia by default, English when chosen)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins as plugins
import ckan.plugins.toolkit as toolkit
from ckan.lib.plugins import DefaultTranslation

# facet field → (Bahasa Indonesia, English); the fields are the KPU dataset schema's
FACETS = (
    ("kpu_provinsi", "Provinsi", "Province"),
    ("organization", "Unit Kerja", "Office"),
    ("kpu_kode_tahapan", "Kode Tahapan", "Stage"),
    ("kpu_jenis_dokumen", "Jenis Dokumen", "Document type"),
    ("kpu_tahun", "Tahun", "Year"),
    ("res_format", "Format", "Formats"),
    ("tags", "Tag", "Tags"),
    ("license_id", "Lisensi", "Licences"),
)


def _title(indonesian: str, english: str) -> str:
    try:
        lang = toolkit.h.lang()
    except Exception:  # outside a request (CLI, tests): the portal's default language
        lang = "id"
    return english if lang == "en" else indonesian


class KpuPlugin(plugins.SingletonPlugin, DefaultTranslation):
    plugins.implements(plugins.IFacets, inherit=True)
    plugins.implements(plugins.IConfigurer)
    # i18n/: Bahasa Indonesia for CKAN strings its own catalogue leaves untranslated
    plugins.implements(plugins.ITranslation)

    def update_config(self, config: Any) -> None:
        # templates/: the resource page without our bookkeeping (listed before scheming_datasets
        # in ckan.plugins, so ours come first)
        toolkit.add_template_directory(config, "templates")

    def dataset_facets(self, facets_dict: Any, package_type: str) -> Any:
        out: OrderedDict[str, str] = OrderedDict()
        for field, indonesian, english in FACETS:
            out[field] = _title(indonesian, english)
        return out

    def organization_facets(
        self, facets_dict: Any, organization_type: str, package_type: Any
    ) -> Any:
        return self.dataset_facets(facets_dict, package_type or "dataset")

    def group_facets(self, facets_dict: Any, group_type: str, package_type: Any) -> Any:
        return self.dataset_facets(facets_dict, package_type or "dataset")
