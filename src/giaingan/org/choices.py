"""Choice fields over the catalogue that list their options in Vietnamese order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from giaingan.lib.text import vietnamese_sorted


class VietnameseOrderIterator(ModelChoiceIterator):
    """The options by their label in Vietnamese order (Đ after D, marks after the bare
    letter), whatever the queryset's order."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = vietnamese_sorted(self.queryset, name=self.field.label_from_instance)
        for obj in objects:
            yield self.choice(obj)


class VietnameseModelChoiceField(forms.ModelChoiceField):
    iterator = VietnameseOrderIterator
