from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "giaingan.rulebook"
    verbose_name = "Quy định áp dụng theo ngày hiệu lực"
