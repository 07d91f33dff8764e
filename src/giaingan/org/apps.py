from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "giaingan.org"
    verbose_name = "Đơn vị và người dùng"
