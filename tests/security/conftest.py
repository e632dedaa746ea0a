"""The security tests send through the real dispatcher to the session's worker."""

from tests.workflows.conftest import send  # noqa: F401
