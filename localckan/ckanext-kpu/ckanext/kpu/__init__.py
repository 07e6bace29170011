"""ckanext-kpu: the KPU portal profile (see docs/portal.md in kpu-publisher)."""
