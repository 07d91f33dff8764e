from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "giaingan.opendata"
    verbose_name = "Dữ liệu mở"
