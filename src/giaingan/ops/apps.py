from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "giaingan.ops"
    verbose_name = "Vận hành"
