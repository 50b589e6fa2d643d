"""The section labels of a topic and their synonyms: the one place that lists them.

A label is matched after normalisation (``normalise_label``): case, spaces, a trailing colon
and ``&`` versus ``/`` do not matter, so ``**Motivation & Benefits**:``,
``**motivation/benefits:**`` and ``### Motivation/Benefits`` are the same label.
"""

from __future__ import annotations

import enum
import re


class SectionKind(enum.Enum):
    PROBLEM = "problem"
    MOTIVATION = "motivation"
    ACHIEVEMENTS = "achievements"
    NEXT_STEPS = "next-steps"
    CODE = "code"

    @property
    def title(self) -> str:
        return SECTION_TITLES[self]


# Canonical order and the title each part has on the page.
SECTION_TITLES = {
    SectionKind.PROBLEM: "Problem Statement",
    SectionKind.MOTIVATION: "Motivation/Benefits",
    SectionKind.ACHIEVEMENTS: "Achievements",
    SectionKind.NEXT_STEPS: "Next Steps",
    SectionKind.CODE: "Code & links",
}
CANONICAL_ORDER = list(SECTION_TITLES)

LABELS: dict[str, SectionKind] = {
    "problem statement": SectionKind.PROBLEM,
    "problem": SectionKind.PROBLEM,
    "goal": SectionKind.PROBLEM,
    "goals": SectionKind.PROBLEM,
    "challenge": SectionKind.PROBLEM,
    "background": SectionKind.PROBLEM,
    "motivation/benefits": SectionKind.MOTIVATION,
    "motivation": SectionKind.MOTIVATION,
    "benefits": SectionKind.MOTIVATION,
    "impact": SectionKind.MOTIVATION,
    "why": SectionKind.MOTIVATION,
    "achievements": SectionKind.ACHIEVEMENTS,
    "achievement": SectionKind.ACHIEVEMENTS,
    "outcome": SectionKind.ACHIEVEMENTS,
    "outcomes": SectionKind.ACHIEVEMENTS,
    "results": SectionKind.ACHIEVEMENTS,
    "result": SectionKind.ACHIEVEMENTS,
    # Labels real wrap-ups use for what came of a topic.
    "conclusion": SectionKind.ACHIEVEMENTS,
    "conclusions": SectionKind.ACHIEVEMENTS,
    "summary": SectionKind.ACHIEVEMENTS,
    "findings": SectionKind.ACHIEVEMENTS,
    "learnings": SectionKind.ACHIEVEMENTS,
    "lessons learned": SectionKind.ACHIEVEMENTS,
    "status": SectionKind.ACHIEVEMENTS,
    "next steps": SectionKind.NEXT_STEPS,
    "next step": SectionKind.NEXT_STEPS,
    "outlook": SectionKind.NEXT_STEPS,
    "future work": SectionKind.NEXT_STEPS,
    "open points": SectionKind.NEXT_STEPS,
    "open questions": SectionKind.NEXT_STEPS,
    "todo": SectionKind.NEXT_STEPS,
    "to do": SectionKind.NEXT_STEPS,
    # Everything below feeds the "Code & links" part; the label as written is kept as the
    # kind of its links ("Issue", "GEP Document").
    "code": SectionKind.CODE,
    "code/pull requests": SectionKind.CODE,
    "code/prs": SectionKind.CODE,
    "pull requests": SectionKind.CODE,
    "pull request": SectionKind.CODE,
    "prs": SectionKind.CODE,
    "issue": SectionKind.CODE,
    "issues": SectionKind.CODE,
    "repo": SectionKind.CODE,
    "repos": SectionKind.CODE,
    "repository": SectionKind.CODE,
    "repositories": SectionKind.CODE,
    "gep document": SectionKind.CODE,
    "gep": SectionKind.CODE,
    "links": SectionKind.CODE,
    "documentation": SectionKind.CODE,
    "docs": SectionKind.CODE,
    "slides": SectionKind.CODE,
    "demo": SectionKind.CODE,
    "recording": SectionKind.CODE,
    "proposal": SectionKind.CODE,
    "design document": SectionKind.CODE,
}


def normalise_label(text: str) -> str:
    text = text.strip().rstrip(":").strip().lower().replace("&", "/")
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text)


def section_kind(label: str) -> SectionKind | None:
    return LABELS.get(normalise_label(label))
