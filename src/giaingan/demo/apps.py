from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "giaingan.demo"
    verbose_name = "Dữ liệu mẫu"
