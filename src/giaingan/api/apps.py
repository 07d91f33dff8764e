from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "giaingan.api"
    verbose_name = "API cho hệ thống khác"
