from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "giaingan.monitoring"
    verbose_name = "Theo dõi, đôn đốc giải ngân"
