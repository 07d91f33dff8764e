from django.apps import AppConfig


class CapitalConfig(AppConfig):
    name = "giaingan.capital"
    verbose_name = "Sổ kế hoạch vốn và giải ngân"
