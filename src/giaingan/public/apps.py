from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "giaingan.public"
    verbose_name = "Công khai số liệu"
