"""Django's PostgreSQL backend, pointed at the embedded server once it is running.

The server's host, port and user are known only after it starts; they are written into the
connection's settings on the first connection (and before a `dbshell`), so code that reads
`connection.settings_dict` afterwards (backups, child processes of the tests) sees them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.backends.postgresql import base, client

from newsroom.database import embedded_server_settings

_SERVER_KEYS = ("HOST", "PORT", "USER", "PASSWORD")


def point_at_server(settings_dict: dict[str, Any]) -> None:
    server = embedded_server_settings()
    for key in _SERVER_KEYS:
        settings_dict[key] = server[key]


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters: Iterable[str]) -> None:
        point_at_server(self.connection.settings_dict)
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def get_connection_params(self) -> dict[str, Any]:
        point_at_server(self.settings_dict)
        return super().get_connection_params()
