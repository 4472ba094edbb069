"""The CSRF token a browser gets: read from the page, as the console and the forms do (Flask-WTF signs the
session's token for each page, so the session's raw value is not what a browser sends)."""

import re

_TOKEN = re.compile(r'name="csrf" value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def page_csrf(client, path: str = "/login") -> str:
    """The token on `path` (the sign-in form by default: any session, signed in or not, gets one there)."""
    html = client.get(path).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)
