"""The workshops program's REST API."""

API_ROUTES = []
