"""kpu-publisher: KPU's curated result folders → Frictionless data packages → a CKAN portal."""

__version__ = "0.1.0"
