from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class FiguresConfig(AppConfig):
    name = "giaingan.figures"
    verbose_name = "Số liệu"

    def ready(self) -> None:
        from giaingan.capital.models import DisbursementTarget, FundingSource, Project
        from giaingan.figures.cache import catalogue_changed
        from giaingan.org.models import Unit

        # The catalogue the figures group and name by, and the targets, whoever saves them
        # (a service, the admin, a test): every change bumps the ledger's generation.
        for model in (Project, Unit, FundingSource, DisbursementTarget):
            post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"figures-{model}")
            post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"figures-d{model}")
        m2m_changed.connect(
            catalogue_changed, sender=Project.communes.through, dispatch_uid="figures-communes"
        )
