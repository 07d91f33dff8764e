from django.apps import AppConfig


class ReallocationConfig(AppConfig):
    name = "giaingan.reallocation"
    verbose_name = "Điều chuyển vốn"
