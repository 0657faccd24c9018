"""Allow-list sanitising of HTML rendered from contributor content.

Annotation bodies come from strangers' pull requests. Whatever their Markdown
produced, only these tags and attributes reach the page: no script, styles,
frames, forms, event handlers, or URLs other than http(s), mailto and
same-site relative links. Outside links get ``rel="nofollow noopener"``.
"""

from __future__ import annotations

import re

import nh3

from ..content import raw_html

# The allow-list is the content layer's, so that the check names what is removed here (content/raw_html.py).
TAGS = set(raw_html.TAGS)
ATTRIBUTES = {tag: set(names) for tag, names in raw_html.ATTRIBUTES.items()}
URL_SCHEMES = set(raw_html.URL_SCHEMES)
_OUTSIDE_LINK = re.compile(r'<a(?P<attrs>(?:\s[^>]*)?\shref="(?:https?:)?//[^>]*)>')


def clean(html: str) -> str:
    """Sanitise contributor HTML; outside links get ``rel="nofollow noopener"``."""
    safe = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)
    return add_rel(safe)


def add_rel(html: str) -> str:
    """Give every outside link ``rel="nofollow noopener"``."""
    return _OUTSIDE_LINK.sub(lambda m: m[0] if " rel=" in m["attrs"] else f'<a rel="nofollow noopener"{m["attrs"]}>', html)


def absolute(html: str, base: str) -> str:
    """Sanitised HTML with every relative link resolved against ``base`` (for exports read off the site)."""
    safe = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None, url_relative=("rewrite_with_base", base)
    )
    return add_rel(safe)
