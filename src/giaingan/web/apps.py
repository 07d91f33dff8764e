from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "giaingan.web"
    verbose_name = "Giao diện"


class LoginThrottleConfig(AxesAppConfig):
    """django-axes, named in Vietnamese where the admin lists it."""

    verbose_name = "Khóa đăng nhập sai"
