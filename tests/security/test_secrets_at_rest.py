"""Scan every text column of the database: no password and no API token in clear."""

from __future__ import annotations

from django.apps import apps
from django.db import models


def all_text_values():
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                if value:
                    yield model._meta.label, str(value)


def test_no_password_or_token_in_clear(api, make_user, client):
    password = "Mật-khẩu rất dài 2025!"
    user = make_user("someone")
    user.set_password(password)
    user.save()
    anonymous = api()
    token = anonymous.post("/api/auth/token/", {"username": "someone", "password": password},
                           format="json").json()["token"]
    client.post("/login/", {"username": "someone", "password": "wrong password"})
    client.post("/login/", {"username": "someone", "password": password})
    leaks = [(label, value[:80]) for label, value in all_text_values()
             if password in value or token in value or "wrong password" in value]
    assert not leaks
