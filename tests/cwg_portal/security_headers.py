"""What every page's headers must say: a strict Content-Security-Policy on HTML,
and nothing shown to a logged-in person stored by a cache."""

import re

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
NONCE_ATTRIBUTE = re.compile(r'nonce="([^"]+)"')


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def csp_problems(response):
    header = response.get("Content-Security-Policy", "")
    directives = csp_directives(header)
    problems = [
        f"{name} is {directives.get(name)!r}"
        for name, value in REQUIRED_DIRECTIVES.items()
        if directives.get(name) != value
    ]
    if "'unsafe-inline'" in header or "'unsafe-eval'" in header:
        problems.append("allows unsafe-inline or unsafe-eval")
    script_src = directives.get("script-src", "")
    for attributes in SCRIPT_TAG.findall(response.content.decode(errors="replace")):
        nonce = NONCE_ATTRIBUTE.search(attributes)
        if nonce and f"'nonce-{nonce.group(1)}'" not in script_src:
            problems.append(f"script nonce {nonce.group(1)} is not in {script_src!r}")
        elif not nonce and "src=" not in attributes:
            problems.append("an inline script without a nonce, which the policy blocks")
    return problems


def header_problems(response, *, logged_in):
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    problems = csp_problems(response)
    if logged_in and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}")
    return problems
