"""A keyring backend that keeps passwords in memory: a real `keyring` backend, selected with
keyring's own `keyring.set_keyring` (or PYTHON_KEYRING_BACKEND=memory_keyring.Keyring), so
tests exercise the system-keyring path without a desktop session or a file."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class Keyring(KeyringBackend):
    # Below keyring's fail backend (0): never chosen on its own, only when a test selects it.
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
