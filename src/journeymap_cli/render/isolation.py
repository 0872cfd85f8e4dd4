"""A page from a stranger's template in the browser: it can draw itself and nothing else.

A `--template` folder may hold any HTML. Printed as a file:// page with scripts on, it
could put /etc/passwd into the PDF through an iframe, load stylesheets, images and fonts
from any address, and send the map's text out with a script. Shown here instead:

- from memory, at ORIGIN: no file:// origin to read files from, and no page on the disk;
- under POLICY, sent as the page's Content-Security-Policy header, whatever its own says;
- with scripts off (Emulation.setScriptExecutionDisabled; DevTools' own evaluation still
  works, which jmap does not need: it measures with Page.getLayoutMetrics);
- with every request but the page's own failed by DevTools (Fetch) before it leaves;
- in a browser started `offline` (chromium.OFFLINE), which resolves no host at all.
"""

from __future__ import annotations

import base64
from typing import Any

from journeymap_cli.render.chromium import Browser, Tab

# The page's address (.invalid never resolves: RFC 2606); its origin is no file:// one.
ORIGIN = "https://jmap.invalid/"
# The Content-Security-Policy of every page jmap writes (the packaged templates carry it
# in a meta element): styles inline, images as data: URLs, nothing else.
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
    " form-action 'none'"
)


def show(browser: Browser, html: bytes, width: int, height: int, policy: str = POLICY) -> Tab:
    """A new tab of this size showing `html` (UTF-8), loaded, locked down as above
    (`policy`: another policy, to test the other locks alone)."""
    tab = browser.new_tab(width, height)
    browser.send("Page.enable", tab.session)
    browser.send("Emulation.setScriptExecutionDisabled", tab.session, value=True)
    served = [False]
    page = {
        "responseCode": 200,
        "responseHeaders": [
            {"name": "Content-Type", "value": "text/html; charset=utf-8"},
            {"name": "Content-Security-Policy", "value": policy},
        ],
        "body": base64.b64encode(html).decode("ascii"),
    }

    def paused(event: dict[str, Any]) -> None:
        params, session = event["params"], event.get("sessionId")
        request = params["requestId"]
        if session == tab.session and params["request"]["url"] == ORIGIN and not served[0]:
            served[0] = True  # once: a reload (meta refresh) is refused like any request
            browser.post("Fetch.fulfillRequest", session, requestId=request, **page)
            return
        # Aborted for a navigation (a meta refresh, a frame): the page stays as it was,
        # where BlockedByClient would put Chromium's error page in its place
        navigation = params.get("resourceType") == "Document"
        reason = "Aborted" if navigation else "BlockedByClient"
        browser.post("Fetch.failRequest", session, requestId=request, errorReason=reason)

    # answered as they come, even while jmap waits for another reply (chromium.py)
    browser.handlers["Fetch.requestPaused"] = paused
    browser.send("Fetch.enable", tab.session, patterns=[{"urlPattern": "*"}])
    browser.load(tab, ORIGIN)
    return tab
