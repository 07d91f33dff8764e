"""Whatever text officials typed (names, packages, contract numbers), both open-data files
stay valid against their schemas and carry the text (XML drops only what XML 1.0 cannot)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from giaingan.opendata.iati import activity_file, xml_safe
from giaingan.opendata.ocds import release_package
from tests.opendata.test_iati import schema  # noqa: F401 (fixture)
from tests.opendata.test_ocds import assert_valid, ledger, published  # noqa: F401 (fixtures)

# Text the database stores: any character but NUL (PostgreSQL refuses it) and surrogates.
typed = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=typed, package=typed)
def test_any_typed_text_gives_valid_files(schema, published, ledger, name, package):  # noqa: F811
    project, contract = ledger["road"], ledger["contract"]
    type(project).objects.filter(pk=project.pk).update(name=name)
    type(contract).objects.filter(pk=contract.pk).update(package=package, number=package)
    document = json.loads(json.dumps(release_package(published, uri="https://example.org/x.json")))
    assert_valid(document)
    road = next(r for r in document["releases"] if r["ocid"].endswith("DA1"))
    assert road["planning"]["budget"]["project"] == name
    assert road["awards"][0]["title"] == package
    content = activity_file(published)
    schema.validate(content.decode())
    titles = etree.fromstring(content).xpath(
        "//iati-activity[iati-identifier='VN-GIAINGAN-DA1']/title/narrative/text()"
    )
    assert titles == [xml_safe(name)] if xml_safe(name) else titles == []
