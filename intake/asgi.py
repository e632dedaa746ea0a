"""The HTTP API as an ASGI app for a server of its own (deploy/: uvicorn intake.asgi:app)."""

from intake.api import create_app
from intake.config import Settings

app = create_app(Settings.from_env())
