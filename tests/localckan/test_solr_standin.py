"""The Solr stand-in answers CKAN's requests: updates, filters, paging, sorting, facets, disk."""

from __future__ import annotations

import json
from typing import Any

from standin_client import Solr

CKAN_FQ = ['+site_id:"default"', "+capacity:public  +state:(active)"]


def pkg(name: str, n: int, **fields: Any) -> dict[str, Any]:
    """A document shaped like the ones CKAN's index_package sends."""
    extras = fields.pop("extras", {})
    doc: dict[str, Any] = {
        "index_id": f"idx-{name}",
        "id": f"id-{name}",
        "site_id": "default",
        "name": name,
        "title": fields.pop("title", name.replace("-", " ").title()),
        "state": "active",
        "private": False,
        "capacity": "public",
        "entity_type": "package",
        "dataset_type": "dataset",
        "organization": "kpu-ri",
        "owner_org": "org-ri",
        "permission_labels": ["public"],
        "metadata_modified": f"2026-01-{n:02d}T10:00:00.000000Z",
        "validated_data_dict": json.dumps({"name": name}),
        "data_dict": json.dumps({"name": name}),
    }
    doc["title_string"] = doc["title"]
    for key, value in extras.items():
        doc[f"extras_{key}"] = value
        doc[key] = value
    doc.update(fields)
    return doc


def seed(solr: Solr) -> None:
    resp = solr.add(
        pkg("hasil-ppwp-ri", 1, tags=["pemilu", "presiden"], extras={"kode_tahapan": "PPWP"}),
        pkg(
            "hasil-dpr-jabar",
            2,
            organization="kpu-jabar",
            owner_org="org-jabar",
            tags=["pemilu"],
            groups=["rekap"],
            extras={"kode_tahapan": "DPR"},
            title="Rekapitulasi DPR Jawa Barat",
        ),
        pkg("draft-one", 3, state="draft", tags=["pemilu"]),
        pkg("private-one", 4, capacity="private", permission_labels=["member-org-ri"]),
        pkg("hasil-dpd-ri", 5, tags=["senator"], extras={"kode_tahapan": "DPD"}),
    )
    assert resp.status_code == 200, resp.text


def test_ping_and_schema_name_satisfy_ckans_start_up_check(solr: Solr) -> None:
    assert solr.http.get(f"{solr.base}/admin/ping").json()["status"] == "OK"
    schema = solr.http.get(f"{solr.base}/schema", params={"wt": "schema.xml"})
    assert schema.status_code == 200
    assert '<schema name="ckan-2.12"' in schema.text


def test_filters_in_ckans_syntax(solr: Solr) -> None:
    seed(solr)
    assert sorted(solr.names(q="*:*", fq=CKAN_FQ)) == [
        "hasil-dpd-ri",
        "hasil-dpr-jabar",
        "hasil-ppwp-ri",
    ]
    by_org = solr.names(q="*:*", fq=['+owner_org:"org-jabar"', *CKAN_FQ])
    assert by_org == ["hasil-dpr-jabar"]
    assert solr.names(q="*:*", fq=["organization:kpu-ri", *CKAN_FQ], sort="name asc") == [
        "hasil-dpd-ri",
        "hasil-ppwp-ri",
    ]
    assert solr.names(q='name:"hasil-ppwp-ri"', fq=CKAN_FQ) == ["hasil-ppwp-ri"]
    # string fields are exact and case-sensitive
    assert solr.names(q="*:*", fq=["organization:KPU-RI"]) == []
    assert solr.names(q="*:*", fq=["+state:(active OR draft)"], sort="name asc") == [
        "draft-one",
        "hasil-dpd-ri",
        "hasil-dpr-jabar",
        "hasil-ppwp-ri",
        "private-one",
    ]
    labels = solr.names(q="*:*", fq=['+permission_labels:("member-org-ri")'])
    assert labels == ["private-one"]


def test_extras_match_as_text_and_as_plain_keys(solr: Solr) -> None:
    seed(solr)
    assert solr.names(q="*:*", fq=["extras_kode_tahapan:ppwp", *CKAN_FQ], q__op="AND") == [
        "hasil-ppwp-ri"
    ]
    assert solr.names(q="*:*", fq=['kode_tahapan:"DPR"', *CKAN_FQ]) == ["hasil-dpr-jabar"]
    assert solr.names(q="*:*", fq=["kode_tahapan:dpr"]) == []  # the plain key is a string field
    assert solr.names(q="kode_tahapan:DPD") == ["hasil-dpd-ri"]


def test_boolean_rules_follow_lucene_with_q_op(solr: Solr) -> None:
    seed(solr)
    glued = "tags:presiden OR tags:senator +state:active +capacity:public"
    # CKAN's q.op=AND: the OR turns both tag clauses optional, so the filter matches everything
    assert len(solr.names(q="*:*", fq=[glued], q__op="AND")) == 3
    grouped = "tags:(presiden OR senator) +state:active"
    assert sorted(solr.names(q="*:*", fq=[grouped], q__op="AND")) == [
        "hasil-dpd-ri",
        "hasil-ppwp-ri",
    ]
    assert solr.names(q="*:*", fq=["-tags:pemilu"], sort="name asc") == [
        "hasil-dpd-ri",
        "private-one",
    ]
    assert solr.names(q="tags:pemilu AND NOT organization:kpu-jabar", sort="name asc") == [
        "draft-one",
        "hasil-ppwp-ri",
    ]
    assert solr.names(q="name:hasil-*", fq=CKAN_FQ, sort="name desc") == [
        "hasil-ppwp-ri",
        "hasil-dpr-jabar",
        "hasil-dpd-ri",
    ]


def test_free_text_search_with_dismax_and_min_should_match(solr: Solr) -> None:
    seed(solr)
    common = {"defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text"}
    common |= {"mm": "2<-1 5<80%", "q__op": "AND", "fq": CKAN_FQ}
    assert solr.names(q="jawa", **common) == ["hasil-dpr-jabar"]
    assert solr.names(q="Rekapitulasi barat", **common) == ["hasil-dpr-jabar"]
    assert solr.names(q="jawa presiden", **common) == []  # two words: both must match
    # three words: one may be missing
    assert solr.names(q="rekapitulasi jawa presiden", **common) == ["hasil-dpr-jabar"]


def test_paging_and_sorting(solr: Solr) -> None:
    seed(solr)
    newest_first = {"q": "*:*", "fq": CKAN_FQ, "sort": "metadata_modified desc"}
    assert solr.names(**newest_first) == ["hasil-dpd-ri", "hasil-dpr-jabar", "hasil-ppwp-ri"]
    page = solr.select(**newest_first, rows=1, start=1, fl="name")["response"]
    assert page["numFound"] == 3
    assert page["start"] == 1
    assert [d["name"] for d in page["docs"]] == ["hasil-dpr-jabar"]
    assert solr.select(**newest_first, rows=0)["response"]["docs"] == []
    by_title = solr.names(q="*:*", fq=CKAN_FQ, sort="title_string asc")
    assert by_title == ["hasil-dpd-ri", "hasil-ppwp-ri", "hasil-dpr-jabar"]
    scored = solr.names(q="*:*", fq=CKAN_FQ, sort="score desc, metadata_modified desc")
    assert scored == ["hasil-dpd-ri", "hasil-dpr-jabar", "hasil-ppwp-ri"]


def test_facets_count_the_whole_result_not_the_page(solr: Solr) -> None:
    seed(solr)
    data = solr.select(
        q="*:*",
        fq=CKAN_FQ,
        rows=1,
        facet="true",
        facet__field=["organization", "tags", "groups", "res_format"],
        facet__limit=50,
        facet__mincount=1,
    )
    facets = data["facet_counts"]["facet_fields"]
    assert facets["organization"] == ["kpu-ri", 2, "kpu-jabar", 1]
    assert facets["tags"] == ["pemilu", 2, "presiden", 1, "senator", 1]
    assert facets["groups"] == ["rekap", 1]
    assert facets["res_format"] == []
    limited = solr.select(q="*:*", facet="true", facet__field="tags", facet__limit=1)
    assert limited["facet_counts"]["facet_fields"]["tags"] == ["pemilu", 3]


def test_only_stored_fields_come_back(solr: Solr) -> None:
    seed(solr)
    docs = solr.select(q='id:"id-hasil-ppwp-ri"', fl="id validated_data_dict,score")["response"]
    (doc,) = docs["docs"]
    assert set(doc) == {"id", "validated_data_dict", "score"}
    assert json.loads(doc["validated_data_dict"]) == {"name": "hasil-ppwp-ri"}
    everything = solr.select(q='id:"id-hasil-ppwp-ri"', fl="*")["response"]["docs"][0]
    assert "permission_labels" not in everything  # stored="false" in CKAN's schema
    assert "owner_org" not in everything  # only the catch-all dynamic field, not stored
    assert everything["tags"] == ["pemilu", "presiden"]


def test_deletes_by_ckans_query_and_by_id(solr: Solr) -> None:
    seed(solr)
    query = (
        '+entity_type:package AND +(id:"id-hasil-ppwp-ri" OR name:"id-hasil-ppwp-ri") '
        'AND +site_id:"default"'
    )
    resp = solr.update_xml(f"<delete><query>{query}</query></delete>")
    assert resp.status_code == 200, resp.text
    assert solr.update_xml("<commit />").status_code == 200
    assert "hasil-ppwp-ri" not in solr.names(q="*:*")
    assert solr.update_xml("<delete><id>idx-draft-one</id></delete>").status_code == 200
    assert sorted(solr.names(q="*:*")) == ["hasil-dpd-ri", "hasil-dpr-jabar", "private-one"]


def test_xml_add_and_re_adding_replaces_the_document(solr: Solr) -> None:
    xml = (
        '<add><doc><field name="index_id">i1</field><field name="id">1</field>'
        '<field name="site_id">default</field><field name="name">first</field>'
        '<field name="tags">a</field><field name="tags">b</field></doc></add>'
    )
    assert solr.update_xml(xml).status_code == 200
    assert solr.select(q="tags:b", fl="tags")["response"]["docs"] == [{"tags": ["a", "b"]}]
    assert solr.add({"index_id": "i1", "id": "1", "site_id": "default", "name": "second"})
    assert solr.names(q="*:*") == ["second"]


def test_index_survives_a_restart(solr: Solr) -> None:
    seed(solr)
    solr.update_xml("<delete><id>idx-draft-one</id></delete>")
    again = Solr(solr.data_dir)
    try:
        expected = ["hasil-dpd-ri", "hasil-dpr-jabar", "hasil-ppwp-ri", "private-one"]
        assert sorted(again.names(q="*:*")) == expected
        assert again.names(q="*:*", fq=["extras_kode_tahapan:dpr"]) == ["hasil-dpr-jabar"]
    finally:
        again.close()


def test_refusals_are_http_400_with_a_message(solr: Solr) -> None:
    seed(solr)
    cases = {
        "Sort Order": {"q": "*:*", "sort": "name upward"},
        "multivalued": {"q": "*:*", "sort": "tags asc"},
        "not supported": {"q": "{!lucene}name:x"},
        "fuzzy": {"q": "name:hasil~2"},
        "Cannot parse": {"q": "name:(a OR b"},
    }
    for expected, params in cases.items():
        resp = solr.select_raw(wt="json", **params)
        assert resp.status_code == 400, params
        assert expected in resp.json()["error"]["msg"], resp.text
    missing = solr.add({"index_id": "x", "name": "no-id"})
    assert missing.status_code == 400
    assert "missing required field: id" in missing.json()["error"]["msg"]
    many = solr.add({"index_id": "x", "id": "x", "site_id": "d", "name": ["a", "b"]})
    assert many.status_code == 400
    assert "multiValued" in many.json()["error"]["msg"]
    assert solr.names(q="name:x") == []  # nothing half-written


def test_ranges_and_long_queries_sent_as_post(solr: Solr) -> None:
    seed(solr)
    in_range = "metadata_modified:[2026-01-02T00:00:00Z TO 2026-01-04T23:59:59Z]"
    expected = ["draft-one", "hasil-dpr-jabar", "private-one"]
    assert solr.names(q=in_range, sort="name asc") == expected
    assert solr.names(q="metadata_modified:[* TO NOW]") != []
    long_fq = " OR ".join(f'name:"missing-{i}"' for i in range(60)) + ' OR name:"hasil-dpd-ri"'
    resp = solr.http.post(
        f"{solr.base}/select/",
        data={"q": "*:*", "fq": long_fq, "fl": "name", "wt": "json"},
    )
    assert resp.status_code == 200, resp.text
    assert [d["name"] for d in resp.json()["response"]["docs"]] == ["hasil-dpd-ri"]
