from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "giaingan.web"
    verbose_name = "Giao diện"
