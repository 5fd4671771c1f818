"""The deploy tests run at the domain root and under a sub-path (made in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["root", "sub"])
def nginx_site(request):
    return request.getfixturevalue(f"nginx_{request.param}_site")
