from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class FiguresConfig(AppConfig):
    name = "giaingan.figures"
    verbose_name = "Số liệu"

    def ready(self) -> None:
        from giaingan.capital.models import DisbursementTarget, FundingSource, Project
        from giaingan.contracts.models import Acceptance, Contract, DossierPayment, PaymentDossier
        from giaingan.figures.cache import catalogue_changed
        from giaingan.org.models import Unit

        # The catalogue the figures group and name by, the targets, and the contracts the
        # payables and the forecast read, whoever saves them (a service, an importer, the
        # admin, a test): every change bumps the ledger's generation.
        catalogue = (Project, Unit, FundingSource, DisbursementTarget)
        contracts = (Contract, Acceptance, PaymentDossier, DossierPayment)
        for model in catalogue + contracts:
            post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"figures-{model}")
            post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"figures-d{model}")
        m2m_changed.connect(
            catalogue_changed, sender=Project.communes.through, dispatch_uid="figures-communes"
        )
