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

from journeymap_cli.render.isolation import POLICY

EVENTS = "/_jmap/events"
# The policy of a page that carries none (a user's template may leave it out).
DEFAULT_POLICY = POLICY
# The page asks the server for a `reload` event naming a version other than its own; the
# server sends one at once if the page changed before the script connected. A hidden tab
# closes its stream (browsers allow six connections per host: a seventh tab would hang)
# and opens it again when shown, then reloads at once if its page changed meanwhile.
# Before reloading, a map page keeps where it was scrolled (the window and any scrolled
# box, such as the stage grid) in sessionStorage; the reloaded map page scrolls back
# there. A problems page neither keeps nor restores: a map page that turns into its
# problems and back comes back where it was before it broke.
_SCRIPT = (
    "(()=>{const d=document,l=location,q=sessionStorage,k='jmap-scroll:'+l.pathname,"
    "u='/_jmap/events?path='+encodeURIComponent(l.pathname)+'&v=@VERSION@',m=@MAP@;"
    "let s=null;"
    "const w=e=>{const p=[];for(;e.parentElement;e=e.parentElement){if(e.id)"
    "{p.unshift('#'+CSS.escape(e.id));break}p.unshift(e.tagName+':nth-child('+"
    "([...e.parentElement.children].indexOf(e)+1)+')')}return p.join('>')},"
    "keep=()=>{try{const o=[];for(const e of d.body.querySelectorAll('*'))"
    "if(e.scrollLeft||e.scrollTop)o.push([w(e),e.scrollLeft,e.scrollTop]);"
    "q.setItem(k,JSON.stringify([scrollX,scrollY,o]))}catch(x){}},"
    "back=v=>{const[x,y,o]=v;for(const[p,a,b]of o){const e=d.querySelector(p);"
    "if(e){e.scrollLeft=a;e.scrollTop=b}}scrollTo(x,y)},"
    "c=()=>{if(s||d.hidden)return;s=new EventSource(u);s.addEventListener('reload',"
    "()=>{s.close();if(m)keep();l.reload()})};"
    "if(m)try{const r=q.getItem(k),n=performance.getEntriesByType('navigation')[0];"
    "q.removeItem(k);if(r&&n&&n.type==='reload'){const v=JSON.parse(r);"
    "history.scrollRestoration='manual';back(v);addEventListener('load',()=>back(v))}}"
    "catch(x){}"
    "d.addEventListener('visibilitychange',()=>{if(d.hidden){if(s){s.close();s=null}}"
    "else c()});c()})();"
)
_CSP_META = re.compile(
    rb"<meta\b[^>]*\bhttp-equiv\s*=\s*([\"'])content-security-policy\1[^>]*>", re.IGNORECASE
)
_CONTENT = re.compile(rb"(\bcontent\s*=\s*)([\"'])(.*?)\2", re.IGNORECASE | re.DOTALL)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
# Directives the served policy sets itself: the page's own (if any) are replaced.
_REPLACED = ("script-src", "script-src-elem", "script-src-attr", "connect-src")


def script(version: str, *, keep_scroll: bool = True) -> str:
    """The reload script of a page at `version` (hex digits: nothing to escape);
    `keep_scroll`: a map's page, which keeps its scroll position across reloads."""
    if not re.fullmatch(r"[0-9a-z-]+", version):
        raise ValueError(f"not a page version: {version!r}")
    return _SCRIPT.replace("@VERSION@", version).replace("@MAP@", "1" if keep_scroll else "0")


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def amend(policy: str, source: str) -> str:
    """`policy` allowing the one script `source` and connections to this server only."""
    kept = [
        d.strip() for d in policy.split(";") if d.strip() and d.split()[0].lower() not in _REPLACED
    ]
    return "; ".join([*kept, f"script-src '{script_hash(source)}'", "connect-src 'self'"])


def served(page: bytes, version: str, *, keep_scroll: bool = True) -> tuple[bytes, str]:
    """The page (UTF-8) as served: reload script before `</body>`, CSP meta amended; and the
    policy to send as a header. Bytes, sliced once: a page can be 4 MB."""
    source = script(version, keep_scroll=keep_scroll)
    policies: list[str] = []

    def content(m: re.Match[bytes]) -> bytes:
        # the page's markup may escape the quotes of the policy's keywords
        text = m[3].decode("utf-8").replace("&#39;", "'").replace("&#x27;", "'")
        policy = amend(text, source)
        policies.append(policy)
        shown = policy.replace("'", "&#39;") if m[2] == b"'" else policy
        return m[1] + m[2] + shown.encode("utf-8") + m[2]

    def meta(match: re.Match[bytes]) -> bytes:
        return _CONTENT.sub(content, match[0], count=1)

    # the policy is in the head and </body> near the end: search only there
    head = _HEAD_END.search(page)
    head_end = head.start() if head else len(page)
    tail = max(0, len(page) - 4096)
    ends = list(_BODY_END.finditer(page, tail)) or list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    if at < head_end:  # no head, or a page with its </body> before </head>
        head_end = at
    parts = [
        _CSP_META.sub(meta, page[:head_end]),
        page[head_end:at],
        f"<script>{source}</script>\n".encode(),
        page[at:],
    ]
    return b"".join(parts), policies[0] if policies else amend(DEFAULT_POLICY, source)
