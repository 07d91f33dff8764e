"""The downloadable xlsx template of each import: FORMATS.md headers, one example, a guide.

The headers come from the importer's own columns, so a template can never ask for a column
the importer does not read. The example row uses the demo district's codes (Văn Quan) and
imports cleanly once the units and the project it names exist.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from giaingan.capital.models import FundingSource, LineKind, PlanKind, ProjectGroup
from giaingan.documents.sheets import append_row
from giaingan.imports.importers import IMPORTERS
from giaingan.imports.models import ImportKind
from giaingan.imports.workbook import DATA_SHEET
from giaingan.org.models import UnitKind

AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
# Rows of the data sheet that offer a drop-down list for a column with fixed values.
VALIDATED_ROWS = 5000


@dataclass(frozen=True)
class Guide:
    """What one column means, for the "Hướng dẫn" sheet."""

    meaning: str
    values: str = ""
    width: int = 16
    choices: tuple[str, ...] = ()  # offered as a drop-down list in the data sheet
    number_format: str = ""


def _listed(choices: list[tuple[str, str]]) -> str:
    return "; ".join(f"{value} ({label})" for value, label in choices)


def _sources() -> str:
    codes = list(FundingSource.objects.values_list("code", flat=True))
    listed = ", ".join(codes) if codes else "NSTW, NSDP-TINH, NSDP-HUYEN, NSDP-XA, ..."
    return f"Mã nguồn vốn trong danh mục: {listed}."


AMOUNT = (
    "Số nguyên, đơn vị đồng: ô số, 1234567 hoặc 1.234.567 (dấu chấm ngăn nghìn, không dùng dấu "
    "phẩy). Không có phần lẻ, tối đa 15 chữ số."
)
DATE = (
    "Ngày dd/mm/yyyy (ví dụ 22/12/2023; cũng nhận 22-12-2023, 22.12.2023), yyyy-mm-dd hoặc ô "
    "ngày của Excel."
)
YEAR = "Năm 4 chữ số, từ 1990 đến 2100."


def _guides(kind: str) -> dict[str, Guide]:
    if kind == ImportKind.UNITS:
        return {
            "ma_don_vi": Guide("Mã đơn vị, không trùng nhau.", "Tối đa 50 ký tự.", 16),
            "ten_don_vi": Guide("Tên đơn vị.", "", 36),
            "loai": Guide(
                "Loại đơn vị.",
                _listed(UnitKind.choices),
                12,
                choices=tuple(UnitKind.values),
            ),
            "don_vi_cha": Guide(
                "Mã đơn vị cấp trên. Đơn vị cha có thể nằm ở dòng sau trong cùng tệp.",
                "Để trống nếu là đơn vị cấp cao nhất.",
                14,
            ),
            "ma_so_thue": Guide("Mã số thuế (với nhà thầu).", "Tối đa 20 ký tự.", 14),
            "nguoi_dung_dau": Guide(
                "Họ và tên người đứng đầu: người ký các văn bản đơn vị ban hành.",
                "Để trống: giữ nguyên người đã ghi (sửa tại Quản trị › Đơn vị).",
                22,
            ),
            "chuc_danh_nguoi_dung_dau": Guide(
                "Chức danh người đứng đầu, ví dụ: Trưởng phòng, Giám đốc.",
                "Để trống: chức danh thông thường của văn bản. Tối đa 100 ký tự.",
                18,
            ),
        }
    if kind == ImportKind.PROJECTS:
        return {
            "ma_du_an": Guide("Mã dự án, không trùng nhau.", "Tối đa 50 ký tự.", 14),
            "ten_du_an": Guide("Tên dự án.", "Tối đa 500 ký tự.", 48),
            "chu_dau_tu": Guide(
                "Chủ đầu tư.",
                "Mã đơn vị hoặc đúng tên đơn vị đã có trong danh mục đơn vị.",
                14,
            ),
            "co_quan_chu_quan": Guide(
                "Cơ quan chủ quản.", "Mã đơn vị hoặc đúng tên đơn vị đã có.", 16
            ),
            "dia_ban": Guide(
                "Địa bàn: mã xã, phường, thị trấn nơi có dự án.",
                "Nhiều mã cách nhau bởi dấu chấm phẩy (;); mã đầu tiên là địa bàn chính, "
                "dùng khi tổng hợp theo xã.",
                16,
            ),
            "nhom": Guide(
                "Nhóm dự án.",
                _listed(ProjectGroup.choices) + ". Để trống là nhóm C.",
                8,
                choices=tuple(ProjectGroup.values),
            ),
            "linh_vuc": Guide("Lĩnh vực (giao thông, giáo dục, thủy lợi...).", "", 16),
            "tong_muc_dau_tu": Guide(
                "Tổng mức đầu tư, đồng.", AMOUNT, 18, number_format=AMOUNT_FORMAT
            ),
            "nam_bat_dau": Guide("Năm bắt đầu.", YEAR, 12),
            "nam_ket_thuc": Guide("Năm kết thúc, không trước năm bắt đầu.", YEAR, 12),
            "trong_diem": Guide(
                "Dự án trọng điểm.",
                "có/không, x, 1/0, true/false. Để trống là không.",
                11,
                choices=("có", "không"),
            ),
        }
    if kind == ImportKind.PLAN:
        return {
            "so_quyet_dinh": Guide("Số quyết định giao vốn.", "Ví dụ 4888/QĐ-UBND.", 16),
            "ngay_quyet_dinh": Guide(
                "Ngày quyết định. Cùng một số quyết định phải cùng một ngày.",
                DATE,
                14,
                number_format=DATE_FORMAT,
            ),
            "loai": Guide(
                "Loại dòng kế hoạch vốn.",
                _listed(PlanKind.choices)
                + ". Điều chỉnh có thể âm; điều chuyển phải có tổng bằng 0 theo từng nguồn "
                "trong một quyết định; kéo dài: vốn năm N-1 kéo dài sang năm N, ghi "
                "nam_ke_hoach là N-1.",
                14,
                choices=tuple(PlanKind.values),
            ),
            "ma_du_an": Guide("Mã dự án đã có trong danh mục dự án.", "", 14),
            "nguon_von": Guide("Mã nguồn vốn.", _sources(), 14),
            "nam_ke_hoach": Guide("Năm kế hoạch.", YEAR, 13),
            "so_tien": Guide("Số tiền, đồng.", AMOUNT, 18, number_format=AMOUNT_FORMAT),
            "ghi_chu": Guide("Ghi chú.", "Tối đa 500 ký tự.", 30),
            "co_quan_ban_hanh": Guide(
                "Mã đơn vị ban hành quyết định. Cùng số quyết định của hai cơ quan là hai "
                "quyết định khác nhau.",
                "Để trống: UBND của người nhập, hoặc UBND huyện (UBND duy nhất không có UBND "
                "cấp dưới trong danh mục).",
                14,
            ),
        }
    if kind == ImportKind.CONTRACTS:
        return {
            "ma_du_an": Guide(
                "Mã dự án đã có trong danh mục, của đơn vị bạn (chủ đầu tư).", "", 14
            ),
            "so_hop_dong": Guide(
                "Số hợp đồng, không trùng trong một dự án.",
                "Hợp đồng đã nhập với cùng nội dung thì được bỏ qua; khác nội dung là lỗi.",
                16,
            ),
            "goi_thau": Guide("Tên gói thầu.", "Tối đa 500 ký tự.", 30),
            "ma_so_thue": Guide(
                "Mã số thuế của nhà thầu.",
                "10 chữ số, hoặc 13 chữ số dạng 0123456789-001 (chi nhánh); chữ số thứ 10 là "
                "chữ số kiểm tra.",
                16,
            ),
            "ten_nha_thau": Guide(
                "Tên nhà thầu.", "Bắt buộc khi mã số thuế chưa có trong danh bạ nhà thầu.", 30
            ),
            "gia_tri_hop_dong": Guide(
                "Giá trị hợp đồng, đồng.", AMOUNT, 18, number_format=AMOUNT_FORMAT
            ),
            "ngay_ky": Guide("Ngày ký hợp đồng.", DATE, 12, number_format=DATE_FORMAT),
            "ngay_hoan_thanh": Guide(
                "Ngày hoàn thành theo hợp đồng, từ ngày ký trở đi.",
                DATE,
                12,
                number_format=DATE_FORMAT,
            ),
            "gia_tri_tam_ung": Guide(
                "Giá trị tạm ứng theo hợp đồng, đồng.",
                AMOUNT + " Không quá giá trị hợp đồng. Để trống là 0.",
                18,
                number_format=AMOUNT_FORMAT,
            ),
            "dieu_khoan_tam_ung": Guide(
                "Điều khoản tạm ứng, thu hồi tạm ứng.", "Tối đa 500 ký tự.", 30
            ),
        }
    if kind == ImportKind.ACCEPTANCES:
        return {
            "ma_du_an": Guide(
                "Mã dự án đã có trong danh mục, của đơn vị bạn (chủ đầu tư).", "", 14
            ),
            "so_hop_dong": Guide("Số hợp đồng đã nhập của dự án.", "", 16),
            "so_bien_ban": Guide(
                "Số biên bản nghiệm thu, không trùng trong một hợp đồng.",
                "Biên bản đã nhập với cùng ngày và giá trị thì được bỏ qua.",
                16,
            ),
            "ngay_nghiem_thu": Guide(
                "Ngày nghiệm thu, từ ngày ký hợp đồng đến hôm nay.",
                DATE,
                12,
                number_format=DATE_FORMAT,
            ),
            "gia_tri_nghiem_thu": Guide(
                "Giá trị nghiệm thu, đồng.",
                AMOUNT + " Cộng dồn các lần nghiệm thu không vượt giá trị hợp đồng.",
                18,
                number_format=AMOUNT_FORMAT,
            ),
        }
    return {
        "so_chung_tu": Guide(
            "Số chứng từ Kho bạc, không trùng trong một Kho bạc.",
            "Chứng từ đã nhập với cùng nội dung thì được bỏ qua; khác nội dung là lỗi.",
            16,
        ),
        "ngay": Guide(
            "Ngày giá trị. Chứng từ năm N có thể ghi ngày đến 31/01/N+1.",
            DATE,
            12,
            number_format=DATE_FORMAT,
        ),
        "ma_du_an": Guide("Mã dự án đã có trong danh mục dự án.", "", 14),
        "nguon_von": Guide("Mã nguồn vốn.", _sources(), 14),
        "nam_ke_hoach": Guide("Năm kế hoạch mà khoản chi được tính vào.", YEAR, 13),
        "loai": Guide(
            "Loại chứng từ.",
            _listed(LineKind.choices),
            12,
            choices=tuple(LineKind.values),
        ),
        "so_tien": Guide(
            "Số tiền (tổng).",
            AMOUNT + " Khác 0; số âm là chứng từ điều chỉnh, khi đó phải ghi chung_tu_goc.",
            18,
            number_format=AMOUNT_FORMAT,
        ),
        "thu_hoi_tam_ung": Guide(
            "Số tạm ứng được thu hồi trong khoản thanh toán này.",
            "Chỉ với thanh_toan; không lớn hơn số tiền và số tạm ứng còn dư. Để trống là 0.",
            16,
            number_format=AMOUNT_FORMAT,
        ),
        "chung_tu_goc": Guide(
            "Với chứng từ điều chỉnh: số chứng từ gốc bị điều chỉnh (của cùng Kho bạc).",
            "Để trống với chứng từ thường.",
            14,
        ),
        "kho_bac": Guide(
            "Mã đơn vị Kho bạc (loại kho_bac) phát hành chứng từ; số chứng từ không trùng "
            "trong một Kho bạc.",
            "Để trống: Kho bạc của người nhập, hoặc Kho bạc duy nhất trong danh mục. Bắt buộc "
            "khi danh mục có nhiều Kho bạc. Cán bộ Kho bạc chỉ nhập chứng từ của Kho bạc mình.",
            12,
        ),
    }


EXAMPLES: dict[str, list[object]] = {
    ImportKind.UNITS: ["LS-UBND", "UBND tỉnh Lạng Sơn", "ubnd", None, None, None, None],
    ImportKind.PROJECTS: [
        "VQ24-MAU",
        "Đường giao thông nông thôn thôn Bản Lải, xã Tân Đoàn",
        "VQ-BQLDA",
        "VQ-UBND",
        "XA-TANDOAN",
        "C",
        "Giao thông",
        5_000_000_000,
        2024,
        2025,
        "không",
    ],
    ImportKind.PLAN: [
        "4888/QĐ-UBND",
        dt.date(2023, 12, 22),
        "giao_dau_nam",
        "VQ24-MAU",
        "NSDP-HUYEN",
        2024,
        1_000_000_000,
        "Giao kế hoạch vốn đầu năm 2024",
        "VQ-UBND",
    ],
    ImportKind.TREASURY: [
        "KB-2024-MAU",
        dt.date(2024, 3, 15),
        "VQ24-MAU",
        "NSDP-HUYEN",
        2024,
        "tam_ung",
        300_000_000,
        None,
        None,
        None,
    ],
    ImportKind.CONTRACTS: [
        "VQ24-MAU",
        "01/2024/HĐXD",
        "Gói thầu số 03: Thi công xây dựng",
        "0100109106",
        "Công ty TNHH Xây dựng mẫu",
        4_500_000_000,
        dt.date(2024, 3, 1),
        dt.date(2024, 11, 30),
        900_000_000,
        "Tạm ứng 20% sau khi có bảo lãnh; thu hồi dần qua các lần thanh toán",
    ],
    ImportKind.ACCEPTANCES: [
        "VQ24-MAU",
        "01/2024/HĐXD",
        "NT-01",
        dt.date(2024, 6, 15),
        1_200_000_000,
    ],
}

GENERAL = [
    "Cách dùng tệp mẫu",
    "Dòng 1 của trang đầu là dòng tiêu đề: giữ nguyên tên cột. Tên cột không phân biệt hoa "
    "thường, dấu cách, dấu gạch dưới và dấu tiếng Việt; cột thừa được bỏ qua và nêu trong "
    "kết quả.",
    "Dòng 2 là một ví dụ: xóa hoặc thay bằng dữ liệu của bạn. Mỗi dòng tiếp theo là một bản "
    "ghi; dòng trống được bỏ qua.",
    "Có thể lưu dưới dạng .xlsx hoặc .csv (UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy).",
    "Tệp có lỗi thì không dòng nào được ghi; trang xem trước liệt kê mọi lỗi theo dòng và cột "
    "như bảng tính hiển thị. Nhập lại cùng một tệp không làm thay đổi gì.",
]


def template_headers(kind: str) -> list[str]:
    return [column.key for column in IMPORTERS[kind].columns]


def template_file_name(kind: str) -> str:
    return f"mau_nhap_{kind}.xlsx"


def template_workbook(kind: str) -> bytes:
    """The xlsx template of `kind`: data sheet with header and example, then the guide."""
    columns = IMPORTERS[kind].columns
    guides = _guides(kind)
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET  # the sheet the reader takes, wherever it stands
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F5")
    append_row(sheet, [column.key for column in columns])
    append_row(sheet, EXAMPLES[kind])
    for position, column in enumerate(columns, start=1):
        guide = guides[column.key]
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position)
        header.font = bold
        header.fill = fill
        sheet.column_dimensions[letter].width = max(guide.width, len(column.key) + 2)
        if guide.number_format:
            sheet.cell(row=2, column=position).number_format = guide.number_format
        if guide.choices:
            # A warning, not a stop: the importer also accepts other spellings ("Tạm ứng").
            check = DataValidation(
                type="list",
                formula1='"' + ",".join(guide.choices) + '"',
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                errorTitle="Giá trị lạ",
                error="Giá trị này không có trong danh sách; xem trang Hướng dẫn.",
            )
            check.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"

    guide_sheet = book.create_sheet("Hướng dẫn")
    label = ImportKind(kind).label
    append_row(guide_sheet, [f"Mẫu nhập dữ liệu: {label}"])
    guide_sheet["A1"].font = Font(bold=True, size=13)
    guide_sheet.append([])
    append_row(guide_sheet, ["Cột", "Ý nghĩa", "Bắt buộc", "Giá trị cho phép, định dạng"])
    for cell in guide_sheet[3]:
        cell.font = bold
        cell.fill = fill
    for column in columns:
        guide = guides[column.key]
        append_row(
            guide_sheet,
            [column.key, guide.meaning, "Có" if column.required else "Không", guide.values],
        )
    guide_sheet.append([])
    for number, line in enumerate(GENERAL):
        append_row(guide_sheet, [line])
        if number == 0:
            guide_sheet.cell(row=guide_sheet.max_row, column=1).font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in guide_sheet.iter_rows(min_row=4, max_row=3 + len(columns)):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCD", (20, 50, 10, 70), strict=True):
        guide_sheet.column_dimensions[letter].width = width

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
