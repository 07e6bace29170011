#!/bin/bash
# The KPU portal profile inside the CKAN container (docs/portal.md): mounted as a start-up
# script of the ckan-base image (/docker-entrypoint.d), so it runs before CKAN starts. The
# versions are the ones localckan/ckan_local/profile.py pins (PROFILE_PACKAGES); keep them equal.
set -euo pipefail
pip install --no-cache-dir -q "ckanext-scheming==3.1.0" "ckanext-dcat==2.4.4"
pip install --no-cache-dir -q --no-deps /srv/kpu/ckanext-kpu
