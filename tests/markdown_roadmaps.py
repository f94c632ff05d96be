"""Markdown roadmaps generated to a size, for the importer's scale test and its benchmark."""

from __future__ import annotations

GROUPS_PER_MONTH = 4


def huge_markdown(topics: int = 2000, months: int = 20) -> str:
    """A roadmap of `months` month sections, each with goals, group headings and topic lists;
    every topic has a summary and hours, every third a link of its own, every fifth key points."""
    per_group = -(-topics // (months * GROUPS_PER_MONTH))
    lines = [f"# A {months}-month roadmap", "", "Plan on 10-12 hours per week.", ""]
    number = 0
    for month in range(1, months + 1):
        lines += [f"## Month {month}: Part {month} of the journey", "", "**Goals:**"]
        lines += [f"- Finish part {month}.", "- Build something with it.", ""]
        for group in range(1, GROUPS_PER_MONTH + 1):
            lines += [f"### Group {group} of month {month}", ""]
            for _ in range(per_group):
                if number == topics:
                    break
                link = (
                    f" [notes {number}](https://example.org/t/{number})" if number % 3 == 0 else ""
                )
                lines.append(
                    f"- **Topic {number}:** what topic {number} covers{link} ({number % 7 + 1} h)"
                )
                if number % 5 == 0:
                    lines += [f"  - first point of {number}", f"  - second point of {number}"]
                number += 1
            lines.append("")
        lines += ["**Resources:**", f"- [Course {month}](https://courses.example.org/{month})", ""]
    return "\n".join(lines)
