"""A paper's signature never breaks across pages: the row that holds the signer's titles, the
space to sign and the name (and, beside it, "Nơi nhận") moves whole to the next page, so a
decision never ends with "CHỦ TỊCH" at the foot of one page and the name alone on the next.
Seen on the award decision with three lines of bases more than the sample."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from giaingan.documents import official
from tests.documents.test_official import rendered


def signature_rows(document):
    found = []
    for table in document.tables:
        for row in table.rows:
            text = " ".join(cell.text for cell in row.cells)
            if "Nơi nhận" in text or "CHỦ TỌA" in text or "THƯ KÝ" in text:
                found.append(row)
    assert found
    return found


@pytest.mark.parametrize("name", official.TEMPLATE_NAMES)
def test_every_signature_row_stays_on_one_page(name):
    document = rendered(name)
    for row in signature_rows(document):
        properties = row._tr.trPr
        assert properties is not None, name
        together = properties.find(qn("w:cantSplit"))
        assert together is not None and together.get(qn("w:val")) in ("true", "1", None), name


@pytest.mark.parametrize("name", official.TEMPLATE_NAMES)
def test_the_last_paragraph_goes_with_the_signature(name):
    """Never a page holding only the signature: the text's last paragraph moves with it."""
    document = rendered(name)
    row = signature_rows(document)[0]
    before = row._tr.getparent().getprevious()
    kept = []
    while before is not None and before.tag == qn("w:p") and len(kept) < 2:
        properties = before.pPr
        kept.append(properties is not None and properties.keepNext is not None)
        before = before.getprevious()
    assert kept and all(kept), (name, kept)
