"""Local CKAN: `up` / `stop` / `reset` / `status` → a real CKAN 2.12.0 on 127.0.0.1:5000.

Installs (first run) and starts, natively and without systemd: a per-checkout PostgreSQL cluster,
Redis, the Solr stand-in (localckan/solrstandin/) and CKAN 2.12.0 in its own virtual
environment; creates the databases, roles, ``ckan.ini`` (file uploads, DataStore), applies all
migrations, creates a sysadmin and an API token, and writes ``.local/ckan/env``
(``CKAN_URL``, ``CKAN_API_TOKEN``). Every step checks first, so a re-run on a running instance
returns in well under a second. Daemons are stopped by their recorded PID, never by name.

Standard library only; run it with the system ``python3`` (``bash localckan/ckan-local.sh up``).
Exit codes: 0 done, 2 could not run (the message says why and what to do).

Modules, one concern each:

- ``settings``: the environment → CKAN's version and URL, the ports, where every file lives;
- ``processes``: commands, daemons and their PID files, ports, private files;
- ``api``: CKAN's HTTP API as the set-up asks it (``status_show``, is a token accepted);
- ``install``: the system packages and CKAN's virtual environment;
- ``profile``: the KPU portal profile (pinned extensions, ckanext-kpu, the options it sets);
- ``postgres``: the checkout's PostgreSQL cluster, its roles and databases;
- ``services``: Redis and the Solr stand-in;
- ``config``: ``secrets.json`` and ``ckan.ini``;
- ``server``: the ``ckan`` command, the database schema, the CKAN server;
- ``sysadmin``: the sysadmin, its API token and ``.local/ckan/env``;
- ``instance``: the steps in order: ``up``, ``stop``, ``reset``, ``status``;
- ``cli``: the command line (``main``).
"""
