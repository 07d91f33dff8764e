from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "giaingan.figures"
    verbose_name = "Số liệu"
