from safeguard_lsp.silence import find_silences

DRAFT = """# Draft

<!-- safeguard: ignore SG-A reason="intent is set in Article 3" -->
First paragraph, silenced.

Second paragraph, not silenced.

<!-- safeguard: disable SG-B -->
Region text.

More region.
<!-- safeguard: enable SG-B -->
After region.
<!-- safeguard: disable-file all reason="a test" -->
"""


def test_next_paragraph_region_and_file():
    silences, problems = find_silences(DRAFT)
    by_rule = {tuple(sorted(s.rules)): s for s in silences}
    first = by_rule[("SG-A",)]
    assert DRAFT[first.start:first.end] == "First paragraph, silenced."
    assert first.reason == "intent is set in Article 3"
    region = by_rule[("SG-B",)]
    assert "Region text." in DRAFT[region.start:region.end] and "After region" not in DRAFT[region.start:region.end]
    assert by_rule[("*",)].covers("SG-ANY", 0)
    # The region silence has no reason: that is reported, once.
    assert len(problems) == 1 and "no reason" in problems[0].message
    assert DRAFT[problems[0].start:problems[0].end] == "<!-- safeguard: disable SG-B -->"


def test_unknown_action_is_reported():
    _, problems = find_silences("<!-- safeguard: mute SG-A -->\ntext")
    assert problems and "not understood" in problems[0].message
