"""Fuzz every GET parameter of every route (issue 20's target): no answer is a 5xx.

Routes come from articles.infrastructure.access.URL_POLICY (every named route has a policy) and
are reversed with sample arguments; parameters are every name a view or form reads, plus
strangers, with hostile values (huge numbers, NUL, bidi controls, lone surrogates as far as a
URL can carry them, long strings, SQL and template syntax).

CI runs FUZZ_EXAMPLES examples (default 300, about a minute). By hand, the issue's 5,000:
    FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/security/test_fuzz_get_params.py -q
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.infrastructure.access import URL_POLICY
from articles.models import AnnotationImport
from tests.test_access import SAMPLE_KWARGS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))

PARAMETERS = [
    "q", "page", "page_size", "outlet", "date_from", "date_to", "claim", "claimant", "tag",
    "annotated", "sort", "mode", "row", "col", "top", "alignment", "review_status", "stance",
    "framing", "start", "end", "target", "from", "claim_new", "claimant_new", "next", "fmt",
    "language", "version", "action", "x", "",
]  # fmt: skip

HOSTILE = st.sampled_from(
    [
        "10" * 12,
        "100000000000000000000",
        "-1",
        "0",
        "1e9",
        "٣٤",
        "a\x00b",
        "\u202eexe.gnp",
        "\ufffd",
        "' OR 1=1 --",
        "{{ 7*7 }}{% debug %}",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "//evil.example/",
        "*",
        '"',
        "-",
        "OR",
        "-كلمة",
        "2020-02-30",
        "0001-01-01",
        "9999-12-31",
        "yes",
        "no",
        "relevance",
        "newest",
        "claimants",
        "x" * 3000,
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=40), st.integers().map(str))


def route_urls() -> list[str]:
    urls = []
    for name in sorted(URL_POLICY):
        kwargs: dict[str, Any] = {}
        if name in SAMPLE_KWARGS:
            try:
                kwargs = SAMPLE_KWARGS[name]()
            except AttributeError:
                continue  # nothing to point at (no merge in the demo data)
        if name == "w3c_import_status":
            kwargs = {"pk": AnnotationImport.objects.order_by("pk").first().pk}  # type: ignore[union-attr]
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return urls


@pytest.mark.django_db
def test_fuzz_every_get_parameter_of_every_route_never_answers_5xx(
    demo: None, superuser: Any
) -> None:
    AnnotationImport.objects.create(created_by=superuser, name="x.jsonld", status="done")
    urls = route_urls()
    assert len(urls) >= len(URL_POLICY) - 2
    client = Client(raise_request_exception=False)
    client.force_login(superuser)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        url=st.sampled_from(urls),
        params=st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=4),
        htmx=st.booleans(),
    )
    def probe(url: str, params: list[tuple[str, str]], htmx: bool) -> None:
        # Lone surrogates cannot be percent-encoded as UTF-8: a client sends them as U+FFFD.
        query = urlencode([(k, v.encode("utf-8", "replace").decode("utf-8")) for k, v in params])
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.get(f"{url}?{query}", headers=headers)
        statuses.append(response.status_code)
        assert response.status_code < 500, (url, params, response.status_code)

    statuses: list[int] = []
    probe()
    # The probes reached the views (not only redirects to the login page).
    assert statuses.count(200) > len(statuses) // 4, sorted(set(statuses))
    print(f"{len(statuses)} requests, statuses {sorted(set(statuses))}")
