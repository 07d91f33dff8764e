from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "giaingan.reporting"
    verbose_name = "Báo cáo định kỳ của Phòng Tài chính - Kế hoạch và Kho bạc"
