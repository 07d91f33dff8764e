from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "giaingan.emulation"
    verbose_name = "Thi đua - khen thưởng"
