"""The HTML report's own style and script, its Content-Security-Policy (by hash), and escaping of input text and URLs."""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

from dealclaims.formats._common import (
    visible,
)

_CSS = """
:root{--fg:#1b1b1b;--muted:#4a4a4a;--line:#c9c9c9;--ok-bg:#dcefe0;--ok-fg:#0c4a1c;--no-bg:#f8dcdc;
--no-fg:#7a0c0c;--nil-bg:#f1f1f1;--nil-fg:#4a4a4a;--mark:#fff0a8;--focus:#1447b8}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff;
margin:0 auto;max-width:72rem;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;border-bottom:2px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.25rem 0}
a{color:var(--focus)}
a:focus,mark:focus{outline:3px solid var(--focus);outline-offset:2px}
.meta,.legend,caption{color:var(--muted);font-size:.9rem}
caption{text-align:left;caption-side:top;padding:.25rem 0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:#fafafa;font-size:.85rem}
.matrix td{text-align:center;font-weight:700;width:4.5rem}
.matrix thead th[scope=col]{overflow-wrap:normal;word-break:keep-all;hyphens:none;font-size:.75rem;
max-width:9rem}
.legend-list{list-style:none;padding-left:0}
.who td,.who th{font-size:.9rem}
.origin blockquote{margin:.25rem 0 .75rem;padding-left:.75rem;border-left:3px solid var(--line)}
.label{font-weight:700;white-space:nowrap}
.id{color:var(--muted);font-family:ui-monospace,monospace;font-size:.85rem;white-space:nowrap}
.matrix th[scope=row]{min-width:14rem}
td.states,td.consistent{background:var(--ok-bg);color:var(--ok-fg)}
td.consistent{font-weight:400}
td.contradicts{background:var(--no-bg);color:var(--no-fg)}
td.silent{background:var(--nil-bg);color:var(--nil-fg)}
td.states a,td.consistent a{color:inherit;text-decoration:none}
.support{color:var(--muted);font-weight:400;font-size:.85rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}
.card{border:1px solid var(--line);border-left:6px solid var(--no-fg);border-radius:4px;padding:.75rem}
.card blockquote{margin:.25rem 0 .5rem;padding-left:.75rem;border-left:3px solid var(--line);color:var(--muted)}
.variant{margin:.5rem 0}
.doc{border-top:1px solid var(--line);padding-top:.5rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:var(--mark);color:inherit;padding:0 .1em;scroll-margin-top:4rem}
mark span[id]{scroll-margin-top:4rem}
mark.active{outline:3px solid var(--focus)}
@media (max-width:40rem){body{padding:.5rem;font-size:15px}h1{font-size:1.25rem}
.cards{grid-template-columns:1fr}th,td{padding:.25rem .3rem}.matrix th[scope=row]{min-width:10rem}}
@media print{a{color:inherit}}
"""


# Outline the evidence a link jumped to; plain DOM, no dependencies.
_JS = """
(function(){
  function show(){
    document.querySelectorAll('mark.active').forEach(function(m){m.classList.remove('active');});
    var id=decodeURIComponent(location.hash.slice(1));
    var target=id?document.getElementById(id):null;
    var mark=target?target.closest('mark'):null;
    if(mark){mark.classList.add('active');}
  }
  window.addEventListener('hashchange',show);
  show();
})();
"""


def _hash(source: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"
    )


def content_security_policy() -> str:
    """Nothing loads from anywhere; the only script and style that run are the page's own, by hash."""
    return (
        f"default-src 'none'; script-src {_hash(_JS)}; style-src {_hash(_CSS)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL (the only kind that becomes a link), else None."""
    if not url:
        return None
    stripped = url.strip()
    return stripped if re.match(r"https?://[^\s<>\"']+$", stripped, flags=re.IGNORECASE) else None


def _esc(text: str) -> str:
    """Input text made safe for HTML: markup escaped, control characters and bidi overrides made visible."""
    return escape(visible(text))


def _safe(value: str) -> str:
    """A string usable inside an HTML id and a URL fragment."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)
