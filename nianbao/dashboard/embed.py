"""JSON for the pages' scripts, in a data script file or inside a ``<script>`` element of a page."""

from __future__ import annotations

import json

# characters that could end a script element, open markup or end a JavaScript line, as \\u escapes
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """Compact JSON in which no character can close the script or start markup; same value when parsed."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join(_UNSAFE.get(ch, ch) for ch in text)
