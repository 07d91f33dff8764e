"""Every business event the log records, by code, with the Vietnamese label a user reads.

`log_action` refuses a code that is not here, so a new event cannot reach the log (and the
administrator's event list) without its label; tests/audit checks every code written in the
source against this table."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

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
