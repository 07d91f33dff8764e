"""Every business event the log records, by code, with the Vietnamese label a user reads.

`log_action` refuses a code that is not here, so a new event cannot reach the log (and the
administrator's event list) without its label; tests/audit checks every code written in the
source against this table."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from giaingan.lib.money import format_number

EVENTS: dict[str, str] = {
    # Users and tokens
    "api.token.issued": "Cấp mã truy cập API",
    "api.token.revoked": "Thu hồi mã truy cập API",
    # The capital ledger
    "capital.plan_decision.recorded": "Ghi quyết định giao, điều chỉnh kế hoạch vốn",
    "capital.projects.saved": "Lưu danh mục dự án",
    "capital.treasury_line.recorded": "Ghi chứng từ Kho bạc",
    "capital.treasury_line.corrected": "Điều chỉnh chứng từ Kho bạc",
    "imports.units.imported": "Nhập tệp đơn vị",
    "imports.projects.imported": "Nhập tệp dự án",
    "imports.plan.imported": "Nhập tệp kế hoạch vốn",
    "imports.treasury.imported": "Nhập tệp giải ngân qua Kho bạc",
    "imports.contracts.imported": "Nhập tệp hợp đồng",
    "imports.acceptances.imported": "Nhập tệp nghiệm thu",
    "org.units.saved": "Lưu danh mục đơn vị",
    # Contracts, acceptance, payment
    "contracts.contractor.registered": "Đăng ký nhà thầu",
    "contracts.contract.recorded": "Ghi hợp đồng",
    "contracts.acceptance.recorded": "Ghi biên bản nghiệm thu",
    "contracts.dossier.sent": "Gửi hồ sơ đề nghị thanh toán",
    "contracts.dossier.returned": "Kho bạc trả lại hồ sơ thanh toán",
    "contracts.dossier.resent": "Gửi lại hồ sơ thanh toán",
    "contracts.dossier.payment_linked": "Gắn chứng từ thanh toán với hồ sơ",
    "contracts.breach.recorded": "Ghi vi phạm của nhà thầu",
    "contracts.breach.proposed": "Đề xuất xử lý vi phạm của nhà thầu",
    "contracts.breach.decided": "Quyết định xử lý vi phạm của nhà thầu",
    # Moving capital
    "reallocation.need.registered": "Đăng ký nhu cầu vốn",
    "reallocation.proposal.drafted": "Lập tờ trình điều chuyển vốn",
    "reallocation.proposal.edited": "Sửa tờ trình điều chuyển vốn",
    "reallocation.proposal.approved": "Phê duyệt điều chuyển vốn",
    # Monitoring
    "monitoring.report.opened": "Mở báo cáo định kỳ",
    "monitoring.report.saved": "Lưu báo cáo định kỳ",
    "monitoring.report.submitted": "Gửi báo cáo định kỳ",
    "monitoring.report.returned": "Trả lại báo cáo định kỳ",
    "monitoring.report.accepted": "Tiếp nhận báo cáo định kỳ",
    "monitoring.report.reminded": "Nhắc nộp báo cáo định kỳ",
    "monitoring.request.recorded": "Yêu cầu báo cáo đột xuất",
    "monitoring.request.answered": "Gửi báo cáo đột xuất",
    "monitoring.request.resubmitted": "Gửi lại báo cáo đột xuất",
    "monitoring.request.returned": "Trả lại báo cáo đột xuất",
    "monitoring.request.accepted": "Tiếp nhận báo cáo đột xuất",
    "monitoring.attachment.added": "Đính kèm tệp",
    "monitoring.obstacle.recorded": "Ghi vướng mắc",
    "monitoring.obstacle.updated": "Cập nhật xử lý vướng mắc",
    "monitoring.briefing.recorded": "Ghi cuộc họp giao ban",
    "monitoring.briefing.concluded": "Ban hành thông báo kết luận giao ban",
    "monitoring.action.recorded": "Giao nhiệm vụ",
    "monitoring.action.done": "Hoàn thành nhiệm vụ",
    "reporting.report.issued": "Ban hành báo cáo giải ngân",
    "public.snapshot.published": "Công khai số liệu giải ngân",
    "public.snapshot.withdrawn": "Thu hồi số liệu đã công khai",
    # The emulation movement
    "emulation.movement.created": "Tạo phong trào thi đua",
    "emulation.movement.updated": "Sửa phong trào thi đua",
    "emulation.registration.created": "Đăng ký thi đua",
    "emulation.responsibility.changed": "Đổi dự án cá nhân phụ trách",
    "emulation.evidence.added": "Gửi minh chứng",
    "emulation.evidence.accepted": "Chấp nhận minh chứng",
    "emulation.evidence.refused": "Không chấp nhận minh chứng",
    "emulation.proposal.drafted": "Lập danh sách đề nghị khen thưởng",
    "emulation.proposal.submitted": "Trình danh sách đề nghị khen thưởng",
    "emulation.nomination.added": "Thêm vào danh sách đề nghị",
    "emulation.nomination.changed": "Sửa thành tích đề nghị",
    "emulation.nomination.removed": "Bỏ khỏi danh sách đề nghị",
    "emulation.dossier.file_added": "Thêm tệp vào hồ sơ khen thưởng",
    "emulation.dossier.moved": "Chuyển bước hồ sơ khen thưởng",
    "emulation.session.opened": "Mở phiên họp Hội đồng",
    "emulation.vote.cast": "Bỏ phiếu",
    "emulation.session.closed": "Kết thúc phiên họp Hội đồng",
    "emulation.posting.opened": "Niêm yết công khai danh sách",
    "emulation.objection.received": "Nhận ý kiến phản ánh",
    "emulation.objection.answered": "Trả lời ý kiến phản ánh",
    "emulation.decision.issued": "Ban hành quyết định khen thưởng",
    # The rulebook and operations
    "rulebook.rule_value.recorded": "Ghi mức, hệ số theo quy định",
    "rulebook.holiday.recorded": "Ghi ngày nghỉ lễ, làm bù",
    "ops.backup.restored": "Khôi phục dữ liệu từ bản sao lưu",
    "demo.loaded": "Nạp dữ liệu mẫu",
}


def event_choices() -> list[tuple[str, str]]:
    """The log's codes as a field's choices (a callable: a new code needs no migration)."""
    return list(EVENTS.items())


def event_label(code: str) -> str:
    """The label of `code`; a code that is no longer written (an old row) shows as stored."""
    return EVENTS.get(code, code)


def require_event(code: str) -> None:
    if code not in EVENTS:
        raise ImproperlyConfigured(
            f"Event {code!r} has no label in giaingan.audit.events.EVENTS: add one."
        )


def object_type_label(object_type: str) -> str:
    """What kind of record an event is about, as its model names it ('báo cáo định kỳ'
    for `monitoring.periodicreport`); empty for an event about no one record."""
    if not object_type:
        return ""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


# The Vietnamese label of every key an event's data holds (`log_action(..., data={...})`):
# the event's page shows the data as a table with these labels; tests/audit checks every key
# written in the source against this table. Money in đồng, dates dd/mm/yyyy (`DATA_MONEY`).
DATA_KEYS: dict[str, str] = {
    "acceptances": "Số biên bản nghiệm thu",
    "accepted_on": "Ngày nghiệm thu",
    "added": "Thêm",
    "amount": "Số tiền (đồng)",
    "answer": "Trả lời",
    "app_version": "Phiên bản phần mềm",
    "as_of": "Số liệu đến ngày",
    "awarded": "Được khen thưởng",
    "awards": "Số khen thưởng",
    "base": "Cơ sở tính",
    "briefing": "Cuộc họp giao ban",
    "category": "Loại đối tượng",
    "chair": "Chủ trì",
    "changed": "Thay đổi",
    "choice": "Lựa chọn",
    "agree": "Số phiếu tán thành",
    "nominee": "Đối tượng đề nghị",
    "passed": "Đạt",
    "passed_total": "Số hồ sơ đạt",
    "results": "Kết quả biểu quyết",
    "code": "Mã",
    "contract": "Hợp đồng",
    "contractor": "Nhà thầu",
    "created": "Tạo mới",
    "created_at": "Tạo lúc",
    "criterion": "Tiêu chí",
    "date": "Ngày",
    "decided_on": "Ngày quyết định",
    "decision_date": "Ngày quyết định",
    "decision_number": "Số quyết định",
    "decisions": "Số quyết định đã ghi",
    "disbursed": "Đã giải ngân (đồng)",
    "document_number": "Số chứng từ",
    "docx_sha256": "SHA-256 tệp văn bản",
    "done_on": "Ngày hoàn thành",
    "dossiers": "Hồ sơ",
    "due": "Hạn",
    "effective_from": "Áp dụng từ ngày",
    "ends_on": "Ngày kết thúc",
    "fields": "Các trường",
    "file": "Tệp",
    "file_name": "Tên tệp",
    "files": "Số tệp",
    "forced": "Bắt buộc",
    "founded": "Có cơ sở",
    "from": "Từ",
    "held_on": "Ngày họp",
    "is_working_day": "Là ngày làm việc",
    "issuer_id": "Cơ quan ban hành",
    "key": "Khóa",
    "kind": "Loại",
    "late": "Trễ hạn",
    "lines": "Số dòng",
    "linked": "Đã gắn",
    "measure": "Hình thức xử lý",
    "member": "Thành viên",
    "members": "Thành viên",
    "movement": "Phong trào",
    "moves": "Số dòng điều chuyển",
    "name": "Tên",
    "nomination": "Hồ sơ đề nghị",
    "not_awarded": "Không khen thưởng",
    "note": "Ghi chú",
    "number": "Số",
    "outcome": "Kết quả",
    "paid": "Đã thanh toán",
    "paper": "Loại văn bản",
    "past_place": "Nơi đã niêm yết",
    "period": "Kỳ",
    "person": "Cá nhân",
    "person_name": "Họ và tên",
    "plan": "Kế hoạch vốn (đồng)",
    "plan_year": "Năm kế hoạch",
    "posted_on": "Ngày niêm yết",
    "posting": "Đợt niêm yết",
    "prefix": "Tiền tố",
    "present": "Có mặt",
    "prize_total": "Tổng tiền thưởng (đồng)",
    "project": "Dự án",
    "projects": "Dự án",
    "rate_percent": "Tỷ lệ giải ngân (%)",
    "reason": "Lý do",
    "recovered_advance": "Thu hồi tạm ứng (đồng)",
    "removed": "Bỏ",
    "request": "Yêu cầu báo cáo",
    "resent_on": "Ngày gửi lại",
    "resolution": "Cách giải quyết",
    "returned_on": "Ngày trả lại",
    "reverses": "Điều chỉnh chứng từ",
    "reviews": "Số kiểm điểm",
    "rows_read": "Số dòng đã đọc",
    "sent_on": "Ngày gửi",
    "set_aside": "Để riêng",
    "sha256": "SHA-256",
    "size": "Dung lượng (byte)",
    "skipped": "Bỏ qua",
    "source": "Nguồn vốn",
    "subject": "Nội dung",
    "submitted_on": "Ngày gửi",
    "tax_code": "Mã số thuế",
    "to": "Đến",
    "treasury": "Kho bạc",
    "treasury_lines": "Số chứng từ Kho bạc",
    "unit": "Đơn vị",
    "units": "Đơn vị",
    "updated": "Cập nhật",
    "user": "Người dùng",
    "value": "Giá trị (đồng)",
    "value_date": "Ngày chứng từ",
    "working_days": "Số ngày làm việc",
    "written": "Đã ghi",
    "xlsx_sha256": "SHA-256 tệp Biểu",
}
# Keys whose values are money in đồng: shown with Vietnamese separators.
DATA_MONEY = frozenset({"amount", "disbursed", "plan", "prize_total", "recovered_advance", "value"})
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def data_key_label(key: str) -> str:
    """The label of a data key; an unknown one (an old row) shows visibly as such."""
    return DATA_KEYS.get(key, f"{key} (chưa có nhãn)")


def data_value_text(key: str, value: Any) -> str:
    """A value as a Vietnamese reads it: money 1.500.000, dates dd/mm/yyyy, yes/no,
    lists joined, nested data as "label: value"."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if value is None or value == "":
        return "—"
    if isinstance(value, int) and key in DATA_MONEY:
        return format_number(value)
    if isinstance(value, str) and ISO_DAY.match(value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, list | tuple):
        return "; ".join(data_value_text(key, item) for item in value) or "—"
    if isinstance(value, dict):  # ", " within, as a list's items are "; " apart
        return ", ".join(
            f"{data_key_label(str(inner))}: {data_value_text(str(inner), item)}"
            for inner, item in value.items()
        )
    return str(value)


# The order an event's data is shown in, the same on every database (PostgreSQL's jsonb
# does not keep the order the keys were logged in): what the event is about first, then
# `DATA_KEYS`' order, then any key without a label.
DATA_FIRST = ("project", "projects", "unit", "units", "code", "name", "number")
DATA_ORDER = {key: at for at, key in enumerate(dict.fromkeys([*DATA_FIRST, *DATA_KEYS]))}


def event_data_rows(data: Any) -> list[tuple[str, str]]:
    """(label, value) for each key of an event's data, in `DATA_KEYS`' order on every
    database."""
    if not isinstance(data, dict):
        return [] if data in (None, "", {}) else [("Dữ liệu", data_value_text("", data))]
    keys = sorted(map(str, data), key=lambda key: (DATA_ORDER.get(key, len(DATA_ORDER)), key))
    return [(data_key_label(key), data_value_text(key, data[key])) for key in keys]
