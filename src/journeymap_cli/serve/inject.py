"""What only served pages carry: the live-reload script and the CSP that allows exactly it.

Pages written by `jmap render` have no script and a Content-Security-Policy meta starting
`default-src 'none'`. A served copy gets one small inline script, allowed by its SHA-256
hash (`script-src 'sha256-...'`), that listens to the server with Server-Sent Events
(`connect-src 'self'`). The page's own policy is amended in its meta, and the same policy
goes out as a header, so both agree; nothing else about the page changes.
"""

from __future__ import annotations

import base64
import hashlib
import re

EVENTS = "/_jmap/events"
# The policy of a page that carries none (a user's template may leave it out).
DEFAULT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
    " form-action 'none'"
)
# The page asks the server for a `reload` event naming a version other than its own; the
# server sends one at once if the page changed before the script connected.
_SCRIPT = (
    "(()=>{{const s=new EventSource('" + EVENTS + "?path='+encodeURIComponent("
    "location.pathname)+'&v={version}');s.addEventListener('reload',()=>{{s.close();"
    "location.reload()}})}})();"
)
_CSP_META = re.compile(
    r"<meta\b[^>]*\bhttp-equiv\s*=\s*([\"'])content-security-policy\1[^>]*>", re.IGNORECASE
)
_CONTENT = re.compile(r"(\bcontent\s*=\s*)([\"'])(.*?)\2", re.IGNORECASE | re.DOTALL)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
# Directives the served policy sets itself: the page's own (if any) are replaced.
_REPLACED = ("script-src", "script-src-elem", "script-src-attr", "connect-src")


def script(version: str) -> str:
    """The reload script of a page at `version` (hex digits: nothing to escape)."""
    if not re.fullmatch(r"[0-9a-z-]+", version):
        raise ValueError(f"not a page version: {version!r}")
    return _SCRIPT.format(version=version)


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def amend(policy: str, source: str) -> str:
    """`policy` allowing the one script `source` and connections to this server only."""
    kept = [
        d.strip() for d in policy.split(";") if d.strip() and d.split()[0].lower() not in _REPLACED
    ]
    return "; ".join([*kept, f"script-src '{script_hash(source)}'", "connect-src 'self'"])


def served(html: str, version: str) -> tuple[str, str]:
    """The page as served (reload script before `</body>`, CSP meta amended) and the policy
    to send as a header."""
    source = script(version)
    policies: list[str] = []

    def meta(match: re.Match[str]) -> str:
        tag = match[0]

        def content(m: re.Match[str]) -> str:
            # the page's markup escapes quotes in attributes; the policy has none to keep
            policy = amend(m[3].replace("&#39;", "'").replace("&quot;", '"'), source)
            policies.append(policy)
            quote = m[2]
            shown = policy.replace("'", "&#39;") if quote == "'" else policy
            return f"{m[1]}{quote}{shown}{quote}"

        return _CONTENT.sub(content, tag, count=1)

    html = _CSP_META.sub(meta, html)
    tag = f"<script>{source}</script>\n"
    ends = list(_BODY_END.finditer(html))
    if ends:
        at = ends[-1].start()
        html = html[:at] + tag + html[at:]
    else:
        html += tag
    return html, policies[0] if policies else amend(DEFAULT_POLICY, source)
