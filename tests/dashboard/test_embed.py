"""JSON for the pages' scripts keeps its value and can neither close a script element nor open markup."""

from __future__ import annotations

import json

from nianbao.dashboard.embed import script_json


def test_script_json_is_inert_inside_a_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script>局 & <!-- \u2028 \u2029", "n": [1, 2.5, None]}
    text = script_json(value)
    assert json.loads(text) == value
    assert not any(ch in text for ch in "<>&\u2028\u2029")
