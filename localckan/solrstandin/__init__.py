"""Solr stand-in: CKAN's Solr requests → answers from a small on-disk index (search tests only).

CKAN 2.12 indexes every dataset synchronously in Solr, and Solr cannot be installed on our machines.
This service answers the part of Solr's HTTP API that CKAN uses through pysolr, so that a local CKAN
can create, change, delete and search datasets, organisations and groups:

* ``GET/POST /solr/<core>/select``: ``q``, ``fq`` (repeatable), ``fl``, ``sort``, ``rows``,
  ``start``, ``defType`` (lucene, dismax, edismax with ``qf``/``mm``/``tie``), ``q.op``, ``df``,
  ``facet``, ``facet.field``, ``facet.limit``, ``facet.mincount``; answers as ``wt=json``.
* ``POST /solr/<core>/update``: JSON documents or commands, XML ``<add>``, ``<delete>`` by
  ``<id>`` or ``<query>``, ``<commit/>``, ``<optimize/>``. Every write is visible at once.
* ``GET /solr/<core>/schema?wt=schema.xml`` and ``/admin/file/?file=schema.xml``: a schema named
  ``ckan-2.12`` (CKAN checks the name at start-up); ``/solr/<core>/admin/ping``.

The query language is the classic Lucene syntax that CKAN emits (``+field:value``, ``-field:value``,
``field:"phrase"``, ``field:(a OR b)``, ``AND``/``OR``/``NOT``, ``*:*``, ``field:*``, wildcards,
``[a TO b]`` ranges, ``^boost``), with the field types of CKAN's ``schema.xml`` (string fields match
exactly, text fields by lower-cased, accent-folded words). It is NOT Solr: relevance scores are
simple counts, stemming only removes plural endings, there are no synonyms, and anything it does
not understand (local params, fuzzy or proximity queries, function queries) is answered with
HTTP 400 rather than a wrong result. It is a test stand-in for search only, never for production.

Run: ``python3 -m solrstandin --port 8989 --data-dir DIR`` from ``localckan/`` (or with it on
``PYTHONPATH``); Python standard library only.
"""
