from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "giaingan.contracts"
    verbose_name = "Hợp đồng, nghiệm thu và thanh toán"
