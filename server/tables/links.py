"""Which links the catalogue may hold: web addresses, phone numbers, e-mail addresses.

A link is shown to young people as something to tap, so only schemes that open a page, a call
or a message pass: `javascript:`, `data:`, `vbscript:`, `file:` and relative addresses never
do. Browsers drop blanks and controls inside a URL ("java\\tscript:" runs as javascript:), so
a link here is printable ASCII without any space: accented letters go encoded (%C3%A9,
punycode). pwa/js/links.js applies the same rule before rendering a link; the cases in
tests/js/link-cases.json are checked against both.
"""
import re

MAX_LEN = 500
MESSAGE = ("Lien invalide : il doit commencer par https://, http://, tel: ou mailto:, "
           "sans espace ni caractère accentué.")

# One label, hyphens inside; labels joined by single dots (written to match in linear time).
_LABEL = r"[a-z0-9]+(?:-+[a-z0-9]+)*"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*"
# RFC 3986 unreserved, reserved and percent: no quote, angle bracket, backslash or brace.
_TAIL = r"[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
_LINK = re.compile(
    rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:[/?#]{_TAIL})?"  # no user@ before the host
    rf"|tel:\+?[0-9]+(?:[-.()]+[0-9]+)*"
    rf"|mailto:[a-z0-9._%+-]+@{_HOST}(?:\?{_TAIL})?",
    re.ASCII | re.IGNORECASE)


def is_safe_link(value: object) -> bool:
    """Tell whether a value is an http(s) address with a host, a tel: or a mailto: link."""
    return (isinstance(value, str) and len(value) <= MAX_LEN and value.isascii()
            and _LINK.fullmatch(value) is not None)
