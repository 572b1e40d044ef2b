"""Every URL pattern of the project, resolved from the URL conf, as a concrete path."""

import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver

ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Route:
    key: str  # the URL name, or the route itself for unnamed patterns
    route: str

    def path(self, arguments):
        def fill(match):
            converter, name = match.group(1), match.group(2) or match.group(3)
            # DRF's suffix converter takes the dot with the format (".json").
            prefix = "." if converter == "drf_format_suffix" else ""
            return prefix + str(arguments[name])

        text = ARGUMENT.sub(fill, self.route)
        text = text.replace("^", "").replace("$", "").replace("/?", "").replace("\\.", ".")
        return "/" + text


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route
            yield Route(key=key, route=route)


def all_routes():
    """Every pattern once; DRF's format-suffix twins share their base route's key."""
    seen = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault((route.key, route.route), route)
    return list(seen.values())
