"""Every attachment the app keeps (papers, award evidence, breach evidence) is judged by one
rule, lib.uploads.attachment_problem; only the size limit may differ."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giaingan.contracts.services import EVIDENCE_MAX_BYTES as BREACH_MAX_BYTES
from giaingan.contracts.services import evidence_problem
from giaingan.emulation.services import evidence_file_problem
from giaingan.lib.uploads import MB, attachment_problem


def docx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (300 * MB))
    return buffer.getvalue()


def test_max_bytes_moves_only_the_size_limit():
    assert attachment_problem("a.pdf", 6 * MB) == "tệp lớn quá 5 MB"
    assert attachment_problem("a.pdf", 6 * MB, max_bytes=10 * MB) == ""
    assert attachment_problem("a.pdf", 11 * MB, max_bytes=10 * MB) == "tệp lớn quá 10 MB"
    assert attachment_problem("a.exe", 10, max_bytes=10 * MB).startswith("tệp không đúng loại")
    assert attachment_problem("a.pdf", 0, max_bytes=10 * MB) == "tệp rỗng (0 byte)"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ", "không đúng loại"),
        ("anh.gif", b"GIF89a", "không đúng loại"),
        ("rong.pdf", b"", "tệp rỗng (0 byte)"),
        ("hong.docx", b"not a zip", "không phải tệp nén ZIP"),
        ("bom.docx", None, "khi giải nén"),
    ],
)
def test_award_and_breach_evidence_follow_the_attachment_rule(name, content, reason):
    data = docx_bomb() if content is None else content
    award = evidence_file_problem(name, len(data), io.BytesIO(data))
    breach = evidence_problem(SimpleUploadedFile(name, data))
    paper = attachment_problem(name, len(data), io.BytesIO(data))
    assert reason in paper
    assert reason in award
    assert reason in breach


def test_award_evidence_names_the_wrong_file():
    assert evidence_file_problem("virus.exe", 2).startswith("tệp «virus.exe» không đúng loại")


def test_each_evidence_keeps_its_own_size_limit():
    assert "lớn quá 5 MB" in evidence_file_problem("a.pdf", 5 * MB + 1)
    assert BREACH_MAX_BYTES == 10 * MB
    big = SimpleUploadedFile("a.pdf", b"x" * (5 * MB + 1))
    assert evidence_problem(big) == ""
    assert evidence_problem(SimpleUploadedFile("b.pdf", b"x" * (10 * MB + 1))) == (
        "tệp lớn quá 10 MB"
    )
