from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "giaingan.imports"
    verbose_name = "Nhập dữ liệu"
