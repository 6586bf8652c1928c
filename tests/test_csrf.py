"""CSRF is enforced on every POST of the project: a form posted from another site fails."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from .test_access_matrix import MATRIX, world  # noqa: F401 - `world` is a fixture


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_post_without_token_is_refused(name, world):  # noqa: F811
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(world["supervisor"])
    url = reverse(name, kwargs=MATRIX[name].kwargs(world))
    response = http.post(url, {})
    assert response.status_code == 403, f"POST {url} without a CSRF token"
