"""The admin speaks Vietnamese: every registered model's names, its list's columns, filters
and actions, and its add and change forms' labels."""

from __future__ import annotations

import re

import lxml.html
from django.contrib import admin
from django.urls import reverse

# Words that are the same in Vietnamese: proper names and codes.
PROPER = {"email", "e-mail", "sha-256", "id", "url", "giaingan", "django", "xlsx", "csv", "docx"}
VIETNAMESE_LETTERS = re.compile(r"[^\x00-\x7f]")


def english(label: str) -> bool:
    """A label with letters but no Vietnamese letter, nor a proper name."""
    text = " ".join(label.split()).strip(" :*")
    if not re.search(r"[A-Za-z]{2,}", text) or VIETNAMESE_LETTERS.search(text):
        return False
    words = {word.lower() for word in re.findall(r"[A-Za-z][A-Za-z0-9-]*", text)}
    return not words <= PROPER


def labels_of(html: str) -> list[str]:
    """What the page names: columns, filters, actions, form labels, headings, buttons."""
    tree = lxml.html.fromstring(html)
    paths = [
        "//title",
        "//h1",
        "//h2",
        "//h3",
        "//th[@scope='col']",
        "//label",
        "//select[@name='action']/option",
        "//div[@id='changelist-filter']//summary",
        "//div[@class='help']",
        "//input[@type='submit']/@value",
        "//nav[@id='nav-sidebar']//th",
        "//nav[@id='nav-sidebar']//caption",
    ]
    found = []
    for path in paths:
        for node in tree.xpath(path):
            found.append(node if isinstance(node, str) else node.text_content())
    return [" ".join(text.split()) for text in found if text and text.strip()]


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_model_is_named_in_vietnamese(db):
    for model, _ in registered():
        meta = model._meta
        assert not english(str(meta.verbose_name)), meta.label
        assert not english(str(meta.verbose_name_plural)), meta.label
        for field in meta.get_fields():
            name = getattr(field, "verbose_name", None)
            if name is not None and not field.auto_created:
                assert not english(str(name)), (meta.label, field.name, str(name))


def test_every_admin_page_speaks_vietnamese(client_for, decided):
    from axes.models import AccessAttempt, AccessFailureLog

    client = client_for("admin")
    AccessAttempt.objects.create(
        username="chutich",
        ip_address="203.0.113.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/dang-nhap/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    AccessFailureLog.objects.create(
        username="chutich",
        ip_address="203.0.113.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/dang-nhap/",
    )
    pages = [reverse("admin:index")]
    names: set[str] = set()  # the records' own names are data, not labels
    for model, _admin in registered():
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            names.add(" ".join(str(first).split()))
            for view in ("change", "history"):
                pages.append(
                    reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[first.pk])
                )
        pages.append(reverse("admin:app_list", args=[meta.app_label]))
    left = {}
    for page in dict.fromkeys(pages):
        response = client.get(page)
        if response.status_code == 403:  # a read-only record cannot be added
            continue
        if response.status_code == 302 and page.endswith("/history/"):
            continue  # this admin keeps no history page
        assert response.status_code == 200, page
        english_labels = [
            label
            for label in labels_of(response.content.decode())
            if english(label) and not any(name in label for name in names)
        ]
        if english_labels:
            left[page] = english_labels
    assert left == {}
