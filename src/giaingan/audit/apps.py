from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "giaingan.audit"
    verbose_name = "Nhật ký"
