"""Bylines and credits: where an article names its own makers ("By Jane Doe", "Jo Bloggs,
Senior producer", "Photo: Ann Lee/Reuters"). They are never speakers, and the words before a
byline ("Travelling with the prime minister") title nobody."""

from __future__ import annotations

import re

from service.attribution.syntax import Regions

_JOBS = (
    r"(?:producer|editor|correspondent|reporter|writer|columnist|photographer|"
    r"journalist|contributor|presenter|analyst|critic)s?"
)
_LINES = re.compile(
    # "By Jane Doe and John Roe": a short line, no sentence (not "By then, Doe had left.")
    r"^[ \t]*(?:By|BY|Reporting by|Words by|Additional reporting by)[ \t]+[A-Z][^\n.!?]{0,80}$"
    # "Photo: Ann Lee/Reuters", "Pictures by Ann Lee"
    r"|^[ \t]*(?:Photo(?:graph)?s?|Pictures?|Images?|Credits?)[ \t]*(?::|by\b)[^\n]{0,100}$"
    # a name and a newsroom job, ending the line: "Jo Bloggs, Senior producer"
    rf"|^[^\n.!?\"\u201c\u201d]{{0,80}},[ \t]*(?:[A-Za-z]+[ \t]+){{0,3}}(?i:{_JOBS})[ \t]*$",
    re.MULTILINE,
)
# a credit inside a line: "(Photo: Ann Lee/Reuters)", "Ann Lee/AFP via Getty Images"
_INLINE = re.compile(
    r"\((?i:photo|picture|image|credit)[^)\n]{0,100}\)"
    r"|\b[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+){0,3}[ \t]*/[ \t]*"
    r"(?:Reuters|AP|AFP|Getty(?: Images)?|PA(?: Media| Wire)?|EPA|Bloomberg|Shutterstock)\b",
)


def credits(text: str) -> Regions:
    """Where the article credits its makers."""
    spans = sorted(
        [m.span() for m in _LINES.finditer(text)] + [m.span() for m in _INLINE.finditer(text)]
    )
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return Regions(merged)
