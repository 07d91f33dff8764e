from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "giaingan.notifications"
    verbose_name = "Thông báo"
