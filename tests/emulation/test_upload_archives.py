"""Evidence files and dossier papers: a .docx or .xlsx is a zip, checked for what it declares
it expands to before it is kept; a file that only claims to be one is refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giaingan.emulation.models import Evidence, Purpose
from giaingan.emulation.proposal import dossier_file_add
from giaingan.lib.problems import InvalidInput
from tests.emulation.test_criteria import drive, evidence  # noqa: F401 - a fixture
from tests.imports.test_file_level import patch_declared_size

pytestmark = pytest.mark.django_db


def docx(declared: int | None = None) -> bytes:
    """The same bytes on every call: each member dated 01/01/2024, not the second it is
    made (two calls a second apart made two different files)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document>Báo cáo thành tích</w:document>"),
        ):
            member = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            archive.writestr(member, content, compress_type=zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    return data if declared is None else patch_declared_size(data, "word/document.xml", declared)


BAD = {
    "claims-2-GB": (docx(2_000_000_000), "tệp giải nén ra 1,9 GB, quá giới hạn 100 MB"),
    "not-a-zip": (b"%PDF-1.4 renamed", "không phải tệp nén ZIP (.xlsx, .docx) hợp lệ"),
}


@pytest.mark.parametrize("case", BAD)
def test_evidence_that_would_expand_too_far_or_is_no_zip_is_refused(drive, case):  # noqa: F811
    content, reason = BAD[case]
    with pytest.raises(InvalidInput) as caught:
        evidence(drive, "BQLDA", "sang_kien", file=SimpleUploadedFile("bao_cao.docx", content))
    assert caught.value.problems[0].column == "file"
    assert reason in caught.value.problems[0].reason
    assert not Evidence.objects.exists()


def test_a_sound_docx_is_kept_as_evidence(drive, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    item = evidence(drive, "BQLDA", "sang_kien", file=SimpleUploadedFile("bao_cao.docx", docx()))
    assert item.file.read() == docx()


@pytest.mark.parametrize("case", BAD)
def test_a_dossier_paper_that_would_expand_too_far_is_refused(drafted, people, case):
    content, reason = BAD[case]
    dossier = drafted.nominations.get(purpose=Purpose.AWARD)
    with pytest.raises(InvalidInput) as refused:
        dossier_file_add(
            nomination=dossier,
            kind="minh_chung",
            name="thanh_tich.xlsx",
            content=content,
            user=people["tckh"],
        )
    assert refused.value.problems[0].column == "Tệp"
    assert reason[1:] in refused.value.problems[0].reason
    assert not dossier.files.exists()
