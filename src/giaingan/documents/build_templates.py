"""Write the Word templates of the official papers (Decree 30/2020/NĐ-CP, appendix I).

Run `python -m giaingan.documents.build_templates` after changing this file; the .docx
files it writes under `templates/` are committed, so an official can open one in Word,
adjust the wording around the Jinja tags and keep it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FONT = "Times New Roman"
BODY_STYLE = "Body Text"

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
TEXT_WIDTH_CM = 16.5  # 210 - 30 - 15 mm
LANDSCAPE_TEXT_WIDTH_CM = 25.2  # 297 - 30 - 15 mm

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

Container = DocxDocument | _Cell


# --- Low-level helpers -------------------------------------------------------------------


def set_run_font(run_properties, size: float | None = None) -> None:
    """Name Times New Roman for every script, so Vietnamese never falls back to a theme font."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = run_properties.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                run_properties.append(element)
            element.set(qn("w:val"), str(int(size * 2)))


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    set_run_font(run._r.get_or_add_rPr())
    return run


def _new_paragraph(container: Container, first: bool) -> Paragraph:
    """A cell starts with one empty paragraph: use it for the first line of the cell."""
    if first and isinstance(container, _Cell):
        paragraph = container.paragraphs[0]
        if not paragraph.text and len(container.paragraphs) == 1:
            return paragraph
    return container.add_paragraph()


def para(
    container: Container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align=None,
    body: bool = False,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_with_next: bool = False,
    first: bool = False,
    page_break_before: bool = False,
) -> Paragraph:
    """One paragraph; `body=True` gives the justified, indented body style."""
    paragraph = _new_paragraph(container, first)
    if body:
        paragraph.style = BODY_STYLE
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if keep_with_next:
        fmt.keep_with_next = True
    if page_break_before:
        fmt.page_break_before = True
    if text:
        add_run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def tag(container: Container, text: str, *, first: bool = False) -> Paragraph:
    """A paragraph holding only a docxtpl block tag (`{%p ... %}`); it disappears on render."""
    return para(container, text, first=first, align=LEFT)


def rule(container: Container, width_cm: float, box_cm: float) -> Paragraph:
    """A short solid line, centred under the line above (Decree 30 header and subject)."""
    paragraph = _new_paragraph(container, first=False)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    properties.append(borders)
    side = max((box_cm - width_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")  # a 2 pt paragraph mark keeps the empty line thin
    mark.append(size)
    properties.append(mark)
    return paragraph


def table(
    container: Container,
    widths_cm: Sequence[float],
    rows: int = 1,
    *,
    grid: bool = False,
) -> Table:
    """A fixed-width table; `grid` draws borders (data tables), otherwise borderless."""
    result = container.add_table(rows=rows, cols=len(widths_cm))
    result.style = "Table Grid" if grid else None
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    result.autofit = False
    for index, width in enumerate(widths_cm):
        result.columns[index].width = Cm(width)
        for cell in result.columns[index].cells:
            cell.width = Cm(width)
    return result


def repeat_header(row) -> None:
    """Repeat a table's header row on each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_together(row) -> None:
    """A row that never breaks across pages: a signature (titles, the space to sign, the
    name) moves whole to the next page rather than leave the name alone on it."""
    properties = row._tr.get_or_add_trPr()
    together = OxmlElement("w:cantSplit")
    together.set(qn("w:val"), "true")
    properties.append(together)


def header_row(grid: Table, titles: Sequence[str], size: float = 12) -> None:
    row = grid.rows[0]
    repeat_header(row)
    for cell, title in zip(row.cells, titles, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para(cell, title, bold=True, size=size, align=CENTER, first=True)


def row_cells(
    grid: Table,
    cells: Sequence[tuple[str, object]],
    *,
    size: float = 12,
    bold: bool = False,
) -> None:
    """Add a row; each cell is (text, alignment)."""
    row = grid.add_row()
    for cell, (text, align) in zip(row.cells, cells, strict=True):
        para(cell, text, bold=bold, size=size, align=align, first=True)


def loop_rows(
    grid: Table,
    loop: str,
    cells: Sequence[tuple[str, object]],
    *,
    size: float = 12,
) -> None:
    """Rows repeated by docxtpl: `{%tr for ... %}`, the row itself, `{%tr endfor %}`."""
    blank = [("", LEFT)] * (len(cells) - 1)
    row_cells(grid, [(f"{{%tr for {loop} %}}", LEFT), *blank], size=size)
    row_cells(grid, cells, size=size)
    row_cells(grid, [("{%tr endfor %}", LEFT), *blank], size=size)


# --- Document skeleton -------------------------------------------------------------------


def new_document(title: str) -> DocxDocument:
    """An empty A4 portrait document with Decree 30 margins and Times New Roman 14 pt."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    set_margins(section)
    styles = document.styles

    defaults = styles.element.find(qn("w:docDefaults"))
    default_run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_font(default_run, size=14)
    language = default_run.find(qn("w:lang"))
    language.set(qn("w:val"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    set_run_font(normal.element.get_or_add_rPr(), size=14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = styles[BODY_STYLE]
    body.font.size = Pt(14)
    body.paragraph_format.alignment = JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15

    properties = document.core_properties
    properties.title = title
    properties.author = ""
    # docxtpl renders the properties too: no Jinja braces here.
    properties.comments = (
        "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP; giữ nguyên các thẻ trong ngoặc nhọn."
    )
    properties.language = "vi-VN"
    return document


def set_margins(section) -> None:
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT


def landscape_section(document: DocxDocument) -> None:
    """Start a new page in A4 landscape (a wide table attached to the paper)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = PAGE_HEIGHT
    section.page_height = PAGE_WIDTH
    set_margins(section)


def national_header(document: DocxDocument, left_cm: float = 6.5, right_cm: float = 10.0) -> None:
    """The issuing body on the left, the national title on the right, number and date.
    A long issuer (an office's name) takes a wider left column."""
    grid = table(document, [left_cm, right_cm], rows=2)
    left, right = grid.cell(0, 0), grid.cell(0, 1)
    para(left, "{{ issuer_parent | upper }}", size=13, align=CENTER, first=True)
    para(left, "{{ issuer | upper }}", bold=True, size=13, align=CENTER)
    rule(left, 2.2, left_cm)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, align=CENTER, first=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=CENTER)
    rule(right, 6.0, right_cm)
    para(grid.cell(1, 0), "Số: {{ number }}", size=13, align=CENTER, first=True, space_before=4)
    para(
        grid.cell(1, 1),
        "{{ place }}, {{ date_line }}",
        italic=True,
        size=14,
        align=CENTER,
        first=True,
        space_before=4,
    )


def title_block(document: DocxDocument, title: str, *lines: str) -> None:
    """The kind of paper in caps bold, then the subject lines in bold and a short rule."""
    para(document, title, bold=True, size=14, align=CENTER, space_before=18, keep_with_next=True)
    for line in lines:
        para(document, line, bold=True, size=14, align=CENTER, keep_with_next=True)
    rule(document, 4.0, TEXT_WIDTH_CM)
    para(document, "", size=6)


def recipients(cell: _Cell) -> None:
    para(cell, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT, first=True)
    tag(cell, "{%p for recipient in recipients %}")
    para(cell, "- {{ recipient | clause }};", size=11, align=LEFT)
    tag(cell, "{%p endfor %}")
    para(cell, "- Lưu: VT.", size=11, align=LEFT)


def signer(cell: _Cell, *, first: bool = True) -> None:
    tag(cell, "{%p for title in signer_titles %}", first=first)
    para(cell, "{{ title | upper }}", bold=True, size=14, align=CENTER)
    tag(cell, "{%p endfor %}")
    para(cell, "{{ signer_name }}", bold=True, size=14, align=CENTER, space_before=72)


def signature_block(document: DocxDocument) -> None:
    """Nơi nhận at the bottom left, the signer on the right (Decree 30 layout)."""
    para(document, "", size=8, keep_with_next=True)
    grid = table(document, [7.5, 9.0])
    keep_together(grid.rows[0])
    recipients(grid.cell(0, 0))
    signer(grid.cell(0, 1))


def body(document: DocxDocument, text: str, **extra) -> Paragraph:
    return para(document, text, body=True, **extra)


def heading(document: DocxDocument, text: str) -> Paragraph:
    """A section heading inside the body ("I. ...", "1. ..."): bold, indented like the body."""
    return para(document, text, bold=True, body=True, keep_with_next=True, space_before=6)


def bases(document: DocxDocument, *, italic: bool = False) -> None:
    tag(document, "{%p for basis in bases %}")
    body(document, "Căn cứ {{ basis | basis_text }};", italic=italic)
    tag(document, "{%p endfor %}")


# --- The five papers ---------------------------------------------------------------------


def to_trinh_khen_thuong() -> DocxDocument:
    document = new_document("Tờ trình đề nghị khen thưởng")
    national_header(document)
    title_block(document, "TỜ TRÌNH", "{{ subject }}")
    para(document, "Kính gửi: {{ addressee }}.", size=14, align=CENTER, space_after=12)
    bases(document)
    body(document, "{{ intro }}")

    widths = [1.2, 3.9, 3.2, 3.2, 1.6, 3.4]
    titles = [
        "STT",
        "Tên tập thể/cá nhân",
        "Kế hoạch vốn (đồng)",
        "Đã giải ngân (đồng)",
        "Tỷ lệ (%)",
        "Thành tích",
    ]
    heading(document, "1. Danh sách đề nghị khen thưởng")
    tag(document, "{%p if awards %}")
    grid = table(document, widths, grid=True)
    header_row(grid, titles)
    loop_rows(
        grid,
        "award in awards",
        [
            ("{{ award.stt }}", CENTER),
            ("{{ award.name }}{% if award.category %} ({{ award.category }}){% endif %}", LEFT),
            ("{{ award.plan | vnd }}", RIGHT),
            ("{{ award.disbursed | vnd }}", RIGHT),
            ("{{ award.rate | percent }}", RIGHT),
            ("{{ award.achievement }}", LEFT),
        ],
    )
    tag(document, "{%p else %}")
    body(document, "Không có.")
    tag(document, "{%p endif %}")

    heading(document, "2. Danh sách đề nghị kiểm điểm trách nhiệm")
    tag(document, "{%p if reviews %}")
    grid = table(document, [1.2, 6.3, 3.2, 3.2, 2.6], grid=True)
    header_row(grid, titles[:5])
    loop_rows(
        grid,
        "review in reviews",
        [
            ("{{ review.stt }}", CENTER),
            ("{{ review.name }}{% if review.category %} ({{ review.category }}){% endif %}", LEFT),
            ("{{ review.plan | vnd }}", RIGHT),
            ("{{ review.disbursed | vnd }}", RIGHT),
            ("{{ review.rate | percent }}", RIGHT),
        ],
    )
    tag(document, "{%p else %}")
    body(document, "Không có.")
    tag(document, "{%p endif %}")

    body(document, "{{ closing }}", space_before=6)
    signature_block(document)
    return document


def bao_cao_thanh_tich() -> DocxDocument:
    document = new_document("Báo cáo thành tích")
    national_header(document)
    title_block(document, "BÁO CÁO THÀNH TÍCH", "{{ headline | upper }}", "{{ subject }}")
    # A person's report names the person, their position and unit; a collective's, itself.
    tag(document, "{%p if person %}")
    para(document, "Họ và tên: {{ person.name }}", bold=True, align=CENTER)
    para(document, "Chức vụ: {{ person.position }}", align=CENTER)
    para(document, "Đơn vị công tác: {{ person.unit }}", align=CENTER, space_after=12)
    tag(document, "{%p else %}")
    para(document, "Tên tập thể: {{ unit_name }}", bold=True, align=CENTER, space_after=12)
    tag(document, "{%p endif %}")

    heading(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
    body(document, "{{ situation }}")

    heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    tag(document, "{%p for achievement in achievements %}")
    body(document, "{{ achievement }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if figures %}")
    body(document, "Một số chỉ tiêu chủ yếu:", italic=True, keep_with_next=True)
    grid = table(document, [1.2, 10.3, 5.0], grid=True)
    header_row(grid, ["STT", "Chỉ tiêu", "Kết quả"])
    loop_rows(
        grid,
        "figure in figures",
        [
            ("{{ loop.index }}", CENTER),
            ("{{ figure.label }}", LEFT),
            ("{{ figure.value }}", RIGHT),
        ],
    )
    para(document, "", size=6)
    tag(document, "{%p endif %}")

    heading(document, "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN")
    tag(document, "{%p if past_awards %}")
    tag(document, "{%p for past in past_awards %}")
    body(document, "- {{ past | clause }}.")
    tag(document, "{%p endfor %}")
    tag(document, "{%p else %}")
    body(document, "Chưa có.")
    tag(document, "{%p endif %}")

    signature_block(document)
    return document


def bien_ban_hoi_dong() -> DocxDocument:
    document = new_document("Biên bản họp Hội đồng Thi đua - Khen thưởng")
    national_header(document)
    title_block(document, "BIÊN BẢN", "{{ subject }}")
    body(
        document,
        "Vào hồi {{ held_at | time_line }}, tại {{ venue }}, Hội đồng Thi đua - Khen thưởng "
        "tiến hành họp xét đề nghị khen thưởng.",
    )

    heading(document, "I. THÀNH PHẦN")
    body(
        document,
        "- Chủ tọa: {{ chair }}{% if chair_role is defined %}, {{ chair_role }}{% endif %}.",
    )
    body(
        document,
        "- Thư ký: {{ secretary }}{% if secretary_role is defined %}, {{ secretary_role }}"
        "{% endif %}.",
    )
    body(document, "- Thành viên Hội đồng có mặt: {{ members_present | length }} người, gồm:")
    tag(document, "{%p for member in members_present %}")
    body(document, '+ {{ member | clause }}{{ "." if loop.last else ";" }}')
    tag(document, "{%p endfor %}")
    tag(document, "{%p if members_absent %}")
    body(document, "- Thành viên Hội đồng vắng mặt: {{ members_absent | length }} người, gồm:")
    tag(document, "{%p for member in members_absent %}")
    body(
        document,
        "+ {{ member.name | clause }} ({% if member.written %}có ý kiến bằng văn bản"
        '{% else %}không có ý kiến bằng văn bản{% endif %}){{ "." if loop.last else ";" }}',
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p else %}")
    body(document, "- Thành viên Hội đồng vắng mặt: không.")
    tag(document, "{%p endif %}")
    body(document, "{{ quorum_text }}")

    heading(document, "II. NỘI DUNG")
    body(
        document,
        "Hội đồng đã nghe báo cáo tóm tắt hồ sơ đề nghị khen thưởng, thảo luận và biểu quyết "
        "từng trường hợp. Kết quả biểu quyết như sau:",
        keep_with_next=True,
    )
    grid = table(document, [1.0, 4.6, 1.5, 1.6, 1.7, 1.7, 1.3, 1.5, 1.6], grid=True)
    header_row(
        grid,
        [
            "STT",
            "Tên tập thể/cá nhân",
            "Đồng ý",
            "Không đồng ý",
            "Không biểu quyết",
            "Ý kiến bằng văn bản",
            "Tổng số",
            "Tỷ lệ đồng ý (%)",
            "Kết quả",
        ],
        size=11,
    )
    loop_rows(
        grid,
        "row in rows",
        [
            ("{{ row.stt }}", CENTER),
            ("{{ row.name }}", LEFT),
            ("{{ row.agree }}", CENTER),
            ("{{ row.disagree }}", CENTER),
            ("{{ row.abstain }}", CENTER),
            ("{{ row.written }}", CENTER),
            ("{{ row.total }}", CENTER),
            ("{{ row.percent | percent }}", CENTER),
            ('{{ "Đạt" if row.passed else "Không đạt" }}', CENTER),
        ],
        size=11,
    )
    body(document, "{{ threshold_text }}", space_before=6)

    heading(document, "III. KẾT LUẬN")
    body(document, "{{ conclusion }}")
    body(
        document,
        "Cuộc họp kết thúc vào hồi {% if ended_at is defined and ended_at %}{{ ended_at | time_line }}{% else %}"
        "...... giờ ...... phút cùng ngày{% endif %}. Biên bản đã được đọc lại cho các thành "
        "viên dự họp nghe và nhất trí thông qua./.",
        space_before=6,
    )

    # Nơi nhận at the bottom left beside the secretary; the chair signs on the right.
    para(document, "", size=8, keep_with_next=True)
    grid = table(document, [8.25, 8.25])
    keep_together(grid.rows[0])
    para(grid.cell(0, 0), "THƯ KÝ", bold=True, align=CENTER, first=True)
    para(grid.cell(0, 0), "{{ secretary }}", bold=True, align=CENTER, space_before=72)
    para(grid.cell(0, 1), "CHỦ TỌA", bold=True, align=CENTER, first=True)
    para(grid.cell(0, 1), "{{ chair }}", bold=True, align=CENTER, space_before=72)
    para(document, "", size=8)
    grid = table(document, [8.25, 8.25])
    keep_together(grid.rows[0])
    recipients(grid.cell(0, 0))
    return document


def quyet_dinh_khen_thuong() -> DocxDocument:
    document = new_document("Quyết định khen thưởng")
    national_header(document)
    title_block(document, "QUYẾT ĐỊNH", "{{ subject }}")
    para(document, "{{ authority | upper }}", bold=True, align=CENTER, space_after=12)
    bases(document, italic=True)
    body(document, "{{ proposal_line | clause }}.", italic=True)
    para(document, "QUYẾT ĐỊNH:", bold=True, align=CENTER, space_before=6, space_after=6)
    tag(document, "{%p for article in articles %}")
    paragraph = body(document, "")
    add_run(paragraph, "Điều {{ loop.index }}. ", bold=True)
    add_run(paragraph, "{{ article }}")
    tag(document, "{%p endfor %}")
    signature_block(document)

    para(
        document,
        "DANH SÁCH {{ list_title | default('TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN') | upper }}",
        bold=True,
        align=CENTER,
        page_break_before=True,
    )
    para(
        document,
        "(Kèm theo Quyết định số {{ number }} {{ date_line }}"
        "{% if annex_issuer is defined %} của {{ annex_issuer }}{% endif %})",
        italic=True,
        align=CENTER,
    )
    rule(document, 4.0, TEXT_WIDTH_CM)
    para(document, "", size=6)
    grid = table(document, [1.2, 5.6, 6.2, 3.5], grid=True)
    header_row(grid, ["STT", "Tên tập thể/cá nhân", "Thành tích", "Số tiền thưởng (đồng)"])
    loop_rows(
        grid,
        "award in awards",
        [
            ("{{ award.stt }}", CENTER),
            ("{{ award.name }}", LEFT),
            ("{{ award.achievement }}", LEFT),
            ("{{ award.amount | vnd }}", RIGHT),
        ],
    )
    row_cells(
        grid,
        [("Tổng cộng", CENTER), ("", LEFT), ("", LEFT), ("{{ total | vnd }}", RIGHT)],
        bold=True,
    )
    last = grid.rows[-1]
    merged = last.cells[0].merge(last.cells[2])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    body(
        document,
        "Tổng số tiền thưởng: {{ total | vnd }} đồng "
        "(Bằng chữ: {{ total_words | default(total | words) }}).",
        italic=True,
        space_before=6,
    )
    return document


def bao_cao_giai_ngan() -> DocxDocument:
    document = new_document("Báo cáo tình hình giải ngân vốn đầu tư công")
    national_header(document)
    title_block(document, "BÁO CÁO", "{{ subject }}")
    body(
        document,
        "Tình hình giải ngân vốn đầu tư công năm {{ year }}, số liệu tính đến ngày "
        "{{ as_of | dmy }}, như sau (cơ sở tính tỷ lệ giải ngân: {{ base_label | lower_first }}):",
    )
    body(document, "1. Tổng kế hoạch vốn: {{ total.plan | vnd }} đồng.")
    body(
        document,
        "2. Giá trị đã giải ngân: {{ total.disbursed | vnd }} đồng"
        "{% if total.rate_percent is not none %}, đạt {{ total.rate_percent | percent }}% "
        "kế hoạch{% endif %}.",
    )
    body(document, "3. Số dư tạm ứng chưa thu hồi: {{ total.outstanding_advance | vnd }} đồng.")
    body(document, "Chi tiết theo {{ by_label | lower }} tại biểu kèm theo Báo cáo này.")
    tag(document, "{%p for note in notes | default([]) %}")
    body(document, "{{ note }}")
    tag(document, "{%p endfor %}")
    signature_block(document)

    landscape_section(document)
    para(
        document,
        "BIỂU TỔNG HỢP TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM {{ year }} "
        "THEO {{ by_label | upper }}",
        bold=True,
        align=CENTER,
    )
    para(
        document,
        "(Kèm theo Báo cáo số {{ number }} {{ date_line }})",
        italic=True,
        align=CENTER,
    )
    para(
        document,
        "Số liệu tính đến ngày {{ as_of | dmy }}. Cơ sở tính tỷ lệ: {{ base_label }}.",
        italic=True,
        size=12,
        align=CENTER,
    )
    para(document, "Đơn vị tính: đồng", italic=True, size=12, align=RIGHT, space_after=3)
    grid = table(document, [1.2, 2.8, 8.4, 3.3, 3.3, 3.0, 1.8, 1.4], grid=True)
    header_row(
        grid,
        [
            "STT",
            "Mã",
            "{{ by_label }}",
            "Kế hoạch vốn (đồng)",
            "Đã giải ngân (đồng)",
            "Dư ứng (đồng)",
            "Tỷ lệ giải ngân (%)",
            "Xếp hạng",
        ],
    )
    loop_rows(
        grid,
        "row in rows",
        [
            ("{{ loop.index }}", CENTER),
            ("{{ row.code }}", LEFT),
            ("{{ row.name }}", LEFT),
            ("{{ row.plan | vnd }}", RIGHT),
            ("{{ row.disbursed | vnd }}", RIGHT),
            ("{{ row.outstanding_advance | vnd }}", RIGHT),
            ("{{ row.rate_percent | percent }}", RIGHT),
            ('{{ row.rank if row.rank is not none else "" }}', CENTER),
        ],
    )
    row_cells(
        grid,
        [
            ("Tổng cộng", CENTER),
            ("", LEFT),
            ("", LEFT),
            ("{{ total.plan | vnd }}", RIGHT),
            ("{{ total.disbursed | vnd }}", RIGHT),
            ("{{ total.outstanding_advance | vnd }}", RIGHT),
            ("{{ total.rate_percent | percent }}", RIGHT),
            ("", CENTER),
        ],
        bold=True,
    )
    last = grid.rows[-1]
    merged = last.cells[0].merge(last.cells[2])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return document


def bao_cao_dinh_ky() -> DocxDocument:
    """An investor's or a commune's periodic report (tháng, quý, năm) to Finance-Planning."""
    document = new_document("Báo cáo định kỳ tình hình thực hiện và giải ngân")
    national_header(document)
    title_block(document, "BÁO CÁO", "{{ subject }}")
    para(document, "Kính gửi: {{ addressee }}.", align=CENTER, space_after=6)
    body(
        document,
        "{{ issuer }} báo cáo tình hình thực hiện và giải ngân {{ scope }} "
        "{{ period_label | lower_first }}, số liệu tính đến ngày {{ as_of | dmy }}, như sau:",
    )
    heading(document, "I. TÌNH HÌNH GIẢI NGÂN")
    body(document, "1. Kế hoạch vốn năm {{ year }}: {{ plan | vnd }} đồng.")
    body(
        document,
        "2. Giá trị đã giải ngân: {{ disbursed | vnd }} đồng"
        "{% if rate_percent is not none %}, đạt {{ rate_percent | percent }}% kế hoạch{% endif %}.",
    )
    body(document, "3. Giá trị khối lượng thực hiện: {{ work_done_value | vnd }} đồng.")
    body(
        document,
        "4. Giá trị đã nghiệm thu, chưa thanh toán: {{ accepted_unpaid_value | vnd }} đồng.",
    )
    tag(document, "{%p if reported_disbursed is defined and reported_disbursed is not none %}")
    body(
        document,
        "5. Giá trị đã giải ngân theo sổ sách của đơn vị: {{ reported_disbursed | vnd }} đồng.",
    )
    tag(document, "{%p endif %}")
    heading(document, "II. TIẾN ĐỘ THỰC HIỆN")
    body(document, "{{ progress }}")
    heading(document, "III. KHÓ KHĂN, VƯỚNG MẮC")
    body(document, "{{ obstacles_text }}")
    tag(document, "{%p for obstacle in obstacles %}")
    body(document, "- {{ obstacle | clause }}.")
    tag(document, "{%p endfor %}")
    heading(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    body(document, "{{ proposals }}")
    signature_block(document)
    return document


# "PHÒNG TÀI CHÍNH - KẾ HOẠCH" on one line beside the national title.
WIDE_ISSUER_CM, WIDE_NATION_CM = 7.6, 10.0  # a little into the margins, centred
TREASURY_ISSUER_CM = 8.2  # "KHO BẠC NHÀ NƯỚC VĂN QUAN" on one line


def lines(document: DocxDocument, key: str) -> None:
    """The paragraphs of an edited text block, one body paragraph each."""
    tag(document, f"{{%p for line in {key} %}}")
    body(document, "{{ line }}")
    tag(document, "{%p endfor %}")


ANNEX_SIZE = 11  # a Biểu's amounts reach hundreds of billions: 11 pt keeps them on one line


def annex_tables(document: DocxDocument) -> None:
    """The Biểu attached to a report, each on its own landscape page: one row per group
    with plan, disbursed, the period's disbursement, outstanding advance and rate."""
    landscape_section(document)
    tag(document, "{%p for annex in annexes %}")
    para(
        document,
        "Biểu {{ annex.number }}",
        bold=True,
        size=12,
        align=RIGHT,
        page_break_before=False,
    )
    para(document, "{{ annex.title | upper }}", bold=True, align=CENTER)
    para(
        document,
        "(Kèm theo Báo cáo số {{ number }} {{ date_line }})",
        italic=True,
        size=12,
        align=CENTER,
    )
    para(
        document,
        "Số liệu tính đến ngày {{ as_of | dmy }}. Cơ sở tính tỷ lệ: {{ base_label }}.",
        italic=True,
        size=12,
        align=CENTER,
    )
    para(document, "Đơn vị tính: đồng", italic=True, size=12, align=RIGHT, space_after=3)
    grid = table(document, [1.3, 3.4, 5.8, 3.3, 3.3, 3.1, 3.0, 2.0], grid=True)
    header_row(
        grid,
        [
            "STT",
            "Mã",
            "{{ annex.label }}",
            "Kế hoạch vốn",
            "Đã giải ngân",
            "{{ change_label }}",
            "Dư ứng chưa thu hồi",
            "Tỷ lệ giải ngân (%)",
        ],
        size=ANNEX_SIZE,
    )
    loop_rows(
        grid,
        "row in annex.rows",
        [
            ("{{ loop.index }}", CENTER),
            ("{{ row.code }}", LEFT),
            ("{{ row.name }}", LEFT),
            ("{{ row.plan | vnd }}", RIGHT),
            ("{{ row.disbursed | vnd }}", RIGHT),
            ("{{ row.change | vnd }}", RIGHT),
            ("{{ row.outstanding_advance | vnd }}", RIGHT),
            ("{{ row.rate | percent }}", RIGHT),
        ],
        size=ANNEX_SIZE,
    )
    row_cells(
        grid,
        [
            ("Tổng cộng", CENTER),
            ("", LEFT),
            ("", LEFT),
            ("{{ annex.total.plan | vnd }}", RIGHT),
            ("{{ annex.total.disbursed | vnd }}", RIGHT),
            ("{{ annex.total.change | vnd }}", RIGHT),
            ("{{ annex.total.outstanding_advance | vnd }}", RIGHT),
            ("{{ annex.total.rate | percent }}", RIGHT),
        ],
        bold=True,
        size=ANNEX_SIZE,
    )
    last = grid.rows[-1]
    merged = last.cells[0].merge(last.cells[2])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    tag(document, "{%p if not loop.last %}")
    para(document, "", page_break_before=True, size=2)
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")


def bao_cao_tckh_dinh_ky() -> DocxDocument:
    """Finance-Planning's periodic report to the committee (tháng, quý, 6 tháng, năm, đột
    xuất), with its sections and the Biểu attached."""
    document = new_document("Báo cáo tình hình thực hiện và giải ngân vốn đầu tư công")
    national_header(document, WIDE_ISSUER_CM, WIDE_NATION_CM)
    title_block(document, "BÁO CÁO", "{{ subject }}")
    para(document, "Kính gửi: {{ addressee }}.", align=CENTER, space_after=6)
    body(
        document,
        "{{ issuer }} báo cáo tình hình thực hiện và giải ngân vốn đầu tư công "
        "{{ period_phrase }} (số liệu tính đến ngày {{ as_of | dmy }}; cơ sở tính tỷ lệ: "
        "{{ base_label | lower_first }}) như sau:",
    )
    heading(document, "I. KẾT QUẢ THỰC HIỆN VÀ GIẢI NGÂN")
    heading(document, "1. Kết quả so với kế hoạch và mục tiêu giải ngân")
    lines(document, "results")
    tag(document, "{%p if targets %}")
    grid = table(document, [1.3, 2.9, 2.3, 3.5, 3.5, 3.0], grid=True)
    header_row(
        grid,
        [
            "STT",
            "Mục tiêu đến ngày",
            "Tỷ lệ mục tiêu (%)",
            "Số phải giải ngân (đồng)",
            "Đã giải ngân (đồng)",
            "Đánh giá",
        ],
    )
    loop_rows(
        grid,
        "target in targets",
        [
            ("{{ loop.index }}", CENTER),
            ("{{ target.due_date | dmy }}", CENTER),
            ("{{ target.share | percent }}", RIGHT),
            ("{{ target.required | vnd }}", RIGHT),
            ("{{ target.disbursed | vnd }}", RIGHT),
            ("{{ target.verdict }}", LEFT),
        ],
    )
    para(document, "", size=6)
    tag(document, "{%p endif %}")
    heading(document, "2. So với cùng kỳ năm trước")
    lines(document, "comparison")
    grid = table(document, [6.5, 5.0, 5.0], grid=True)
    header_row(grid, ["Chỉ tiêu", "Năm {{ year }}", "Cùng kỳ năm {{ last_year.year }}"])
    for label, key in (
        ("Kế hoạch vốn (đồng)", "plan | vnd"),
        ("Đã giải ngân (đồng)", "disbursed | vnd"),
        ("Tỷ lệ giải ngân (%)", "rate | percent"),
    ):
        row_cells(
            grid,
            [
                (label, LEFT),
                (f"{{{{ this_year.{key} }}}}", RIGHT),
                (f"{{{{ last_year.{key} }}}}", RIGHT),
            ],
        )
    para(document, "", size=6)
    heading(document, "3. Theo nguồn vốn")
    grid = table(document, [1.3, 5.2, 3.8, 3.8, 2.4], grid=True)
    header_row(
        grid, ["STT", "Nguồn vốn", "Kế hoạch vốn (đồng)", "Đã giải ngân (đồng)", "Tỷ lệ (%)"]
    )
    loop_rows(
        grid,
        "row in sources.rows",
        [
            ("{{ loop.index }}", CENTER),
            ("{{ row.name }}", LEFT),
            ("{{ row.plan | vnd }}", RIGHT),
            ("{{ row.disbursed | vnd }}", RIGHT),
            ("{{ row.rate | percent }}", RIGHT),
        ],
    )
    row_cells(
        grid,
        [
            ("", CENTER),
            ("Tổng cộng", LEFT),
            ("{{ sources.total.plan | vnd }}", RIGHT),
            ("{{ sources.total.disbursed | vnd }}", RIGHT),
            ("{{ sources.total.rate | percent }}", RIGHT),
        ],
        bold=True,
    )
    para(document, "", size=6)
    heading(document, "4. Theo chủ đầu tư, cơ quan chủ quản và địa bàn xã")
    body(
        document,
        "Chi tiết tại {% for annex in annexes %}{% if not loop.first %}"
        "{% if loop.last %} và {% else %}, {% endif %}{% endif %}Biểu {{ annex.number }} "
        "({{ annex.label | lower }}){% endfor %} kèm theo Báo cáo này.",
    )
    heading(document, "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN")
    lines(document, "obstacles")
    tag(document, "{%p for group in obstacle_groups %}")
    body(
        document,
        "{{ loop.index }}. {{ group.label }}: {{ group.open }} vướng mắc tại "
        "{{ group.projects }} dự án, kế hoạch vốn bị ách tắc {{ group.plan_held | vnd }} đồng.",
    )
    tag(document, "{%p for item in group.entries %}")
    body(
        document,
        "- {{ item.project_code }} {{ item.project_name }}: {{ item.description | clause }} "
        "(đơn vị tháo gỡ: {{ item.responsible }}, hạn {{ item.due_date | dmy }}"
        "{% if item.overdue %}, đã quá hạn{% endif %}).",
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p endfor %}")
    heading(document, "III. KIẾN NGHỊ, ĐỀ XUẤT")
    lines(document, "proposals")
    heading(document, "IV. NHIỆM VỤ, GIẢI PHÁP {{ next_phrase | upper }}")
    lines(document, "tasks")
    body(document, "{{ issuer }} kính báo cáo {{ addressee }} xem xét, chỉ đạo./.")
    signature_block(document)
    annex_tables(document)
    return document


def bao_cao_kho_bac() -> DocxDocument:
    """The treasury's result tables by governing agency and by investor."""
    document = new_document("Báo cáo kết quả giải ngân vốn đầu tư công")
    national_header(document, TREASURY_ISSUER_CM, WIDE_NATION_CM)
    title_block(document, "BÁO CÁO", "{{ subject }}")
    para(document, "Kính gửi: {{ addressee }}.", align=CENTER, space_after=6)
    body(
        document,
        "{{ issuer }} báo cáo kết quả giải ngân vốn đầu tư công {{ period_phrase }}, số liệu "
        "tính đến ngày {{ as_of | dmy }} (cơ sở tính tỷ lệ: {{ base_label | lower_first }}):",
    )
    body(document, "1. Tổng kế hoạch vốn: {{ this_year.plan | vnd }} đồng.")
    body(
        document,
        "2. Đã giải ngân: {{ this_year.disbursed | vnd }} đồng, đạt "
        "{{ this_year.rate | percent }}% kế hoạch; {{ change_label | lower }}: "
        "{{ this_year.change | vnd }} đồng.",
    )
    body(
        document,
        "3. Số dư tạm ứng chưa thu hồi: {{ this_year.outstanding_advance | vnd }} đồng.",
    )
    body(
        document,
        "Chi tiết theo cơ quan chủ quản và theo chủ đầu tư tại các Biểu kèm theo./.",
    )
    signature_block(document)
    annex_tables(document)
    return document


def to_trinh_dieu_chuyen() -> DocxDocument:
    """Finance-Planning's submission to move capital between projects (Điều chuyển vốn)."""
    document = new_document("Tờ trình điều chuyển kế hoạch vốn")
    national_header(document)
    title_block(document, "TỜ TRÌNH", "{{ subject }}")
    para(document, "Kính gửi: {{ addressee }}.", size=14, align=CENTER, space_after=12)
    bases(document)
    body(document, "{{ intro }}")
    heading(document, "1. Các dòng đề nghị điều chuyển")
    grid = table(document, [1.2, 3.3, 3.3, 2.1, 3.0, 3.6], grid=True)
    header_row(
        grid,
        ["STT", "Từ dự án", "Đến dự án", "Nguồn vốn", "Số tiền (đồng)", "Lý do"],
    )
    loop_rows(
        grid,
        "move in moves",
        [
            ("{{ move.stt }}", CENTER),
            ("{{ move.giver }}", LEFT),
            ("{{ move.taker }}", LEFT),
            ("{{ move.source }}", CENTER),
            ("{{ move.amount | vnd }}", RIGHT),
            ("{{ move.reason }}", LEFT),
        ],
        size=11,
    )
    row_cells(
        grid,
        [
            ("", LEFT),
            ("Tổng cộng", LEFT),
            ("", LEFT),
            ("", LEFT),
            ("{{ total | vnd }}", RIGHT),
            ("", LEFT),
        ],
        size=11,
        bold=True,
    )
    body(
        document,
        "Tổng số vốn đề nghị điều chuyển: {{ total | vnd }} đồng ({{ total | words }}).",
        space_before=6,
    )
    heading(document, "2. Hiệu quả dự kiến")
    body(document, "{{ outcome }}")
    body(document, "{{ closing }}", space_before=6)
    signature_block(document)
    return document


def thong_bao_ket_luan() -> DocxDocument:
    """The notice of the chair's conclusions at a disbursement briefing (giao ban)."""
    document = new_document("Thông báo kết luận cuộc họp giao ban giải ngân")
    national_header(document)
    title_block(document, "THÔNG BÁO", "{{ subject }}")
    body(
        document,
        "Ngày {{ held_on | dmy }}{% if venue %}, tại {{ venue }}{% endif %}, {{ chair }} chủ trì "
        "cuộc họp giao ban tình hình thực hiện và giải ngân vốn đầu tư công năm {{ year }} "
        "{{ scope }}. Tham dự cuộc họp có:",
    )
    tag(document, "{%p for attendee in attendees %}")
    body(document, '- {{ attendee | clause }}{{ "." if loop.last else ";" }}')
    tag(document, "{%p endfor %}")
    body(
        document,
        "Sau khi nghe Phòng Tài chính - Kế hoạch báo cáo tình hình giải ngân, ý kiến của các "
        "đại biểu dự họp, {{ chair }} kết luận như sau:",
    )
    heading(document, "I. TÌNH HÌNH GIẢI NGÂN")
    body(
        document,
        "Tính đến ngày {{ held_on | dmy }}, tổng kế hoạch vốn năm {{ year }} là "
        "{{ plan | vnd }} đồng; đã giải ngân {{ disbursed | vnd }} đồng"
        "{% if rate_percent is not none %}, đạt {{ rate_percent | percent }}% kế hoạch"
        "{% endif %}{% if target_percent is not none %} (chỉ tiêu đến ngày "
        "{{ target_date | dmy }}: {{ target_percent | percent }}%; còn {{ behind_count }} dự án "
        "chưa đạt){% endif %}.",
    )
    tag(document, "{%p if slowest %}")
    body(document, "Các dự án có tỷ lệ giải ngân thấp nhất:")
    tag(document, "{%p for row in slowest %}")
    body(
        document,
        "- {{ row.code }} - {{ row.name }}: kế hoạch {{ row.plan | vnd }} đồng, giải ngân "
        '{{ row.rate_percent | percent }}%{{ "." if loop.last else ";" }}',
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    heading(document, "II. KHÓ KHĂN, VƯỚNG MẮC")
    tag(document, "{%p if held %}")
    body(
        document,
        "Còn {{ obstacles_open }} vướng mắc chưa tháo gỡ ({{ obstacles_overdue }} vướng mắc "
        "quá hạn), làm chậm giải ngân kế hoạch vốn của các dự án, gồm:",
    )
    tag(document, "{%p for group in held %}")
    body(
        document,
        "- {{ group.label }}: {{ group.open }} vướng mắc, {{ group.projects }} dự án, "
        'kế hoạch vốn {{ group.plan_held | vnd }} đồng{{ "." if loop.last else ";" }}',
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p else %}")
    body(document, "Không có vướng mắc chưa tháo gỡ.")
    tag(document, "{%p endif %}")
    tag(document, "{%p if missing %}")
    body(document, "Đơn vị chưa gửi báo cáo {{ period_phrase }}: {{ missing | join(', ') }}.")
    tag(document, "{%p endif %}")
    heading(document, "III. NHIỆM VỤ THỜI GIAN TỚI")
    tag(document, "{%p if conclusion %}")
    body(document, "{{ conclusion }}")
    tag(document, "{%p endif %}")
    tag(document, "{%p for action in actions %}")
    body(
        document,
        "{{ loop.index }}. {{ action.unit }}: {{ action.task | clause }}"
        "{% if action.project %} (dự án {{ action.project }}){% endif %}. "
        "Thời hạn hoàn thành: trước ngày {{ action.due | dmy }}.",
    )
    tag(document, "{%p endfor %}")
    body(
        document,
        "{{ issuer }} thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        space_before=6,
    )
    signature_block(document)
    return document


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "to_trinh_khen_thuong": to_trinh_khen_thuong,
    "bao_cao_thanh_tich": bao_cao_thanh_tich,
    "bien_ban_hoi_dong": bien_ban_hoi_dong,
    "quyet_dinh_khen_thuong": quyet_dinh_khen_thuong,
    "bao_cao_giai_ngan": bao_cao_giai_ngan,
    "bao_cao_dinh_ky": bao_cao_dinh_ky,
    "to_trinh_dieu_chuyen": to_trinh_dieu_chuyen,
    "thong_bao_ket_luan": thong_bao_ket_luan,
    "bao_cao_tckh_dinh_ky": bao_cao_tckh_dinh_ky,
    "bao_cao_kho_bac": bao_cao_kho_bac,
}


def build_all(folder: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every template into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        path = folder / f"{name}.docx"
        build().save(path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else TEMPLATES_DIR
    for path in build_all(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
