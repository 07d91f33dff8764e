"""The ledger's generation: what the figures cache (`figures.cache`) is keyed by."""

from __future__ import annotations

from django.db import models


class LedgerGeneration(models.Model):
    """One row. Every write that can change a figure adds one to `counter` inside its own
    transaction (`figures.cache.ledger_generation_bump`); `token` is made anew whenever the
    row is made again (a flushed database) or a backup is restored, so a counter that goes
    back never meets figures cached for another history."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)
    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "thế hệ sổ"
        verbose_name_plural = "thế hệ sổ"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_generation")]

    def __str__(self) -> str:
        return f"{self.token}.{self.counter}"
