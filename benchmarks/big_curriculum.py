"""Write a synthetic roadmap N times the bundled one (default 20×: 120 phases, 2,160 topics,
5,000 resources) for the benchmarks. Usage: python benchmarks/big_curriculum.py OUT.toml [N]"""

from __future__ import annotations

import sys
from pathlib import Path

TOPICS_PER_GROUP = 6
GROUPS_PER_PHASE = 3
RESOURCES_PER_SCALE = 250
KINDS = ("course", "docs", "book", "video", "article", "repository")


def write(path: Path, scale: int = 20) -> Path:
    """Write the roadmap; its shape scales with `scale` like the bundled one (6 phases each)."""
    resources = RESOURCES_PER_SCALE * scale
    phases = 6 * scale
    lines = ['id = "big"', f'title = "Synthetic roadmap ×{scale}"', "weekly_hours = [15, 20]", ""]
    topic_n = 0
    for p in range(phases):
        lines += [
            "[[phases]]",
            f'id = "p{p}"',
            f"month = {p + 1}",
            f'title = "Phase {p + 1}: deep learning systems {p}"',
            'goals = ["Understand the phase.", "Build a project."]',
            f'resources = ["r{(p * 7) % resources}"]',
        ]
        for g in range(GROUPS_PER_PHASE):
            lines += ["[[phases.groups]]", f'id = "g{p}-{g}"', f'title = "Group {g} of {p}"']
            for _ in range(TOPICS_PER_GROUP):
                refs = ", ".join(f'"r{(topic_n * 3 + k) % resources}"' for k in range(3))
                lines += [
                    "[[phases.groups.topics]]",
                    f'id = "t{topic_n}"',
                    f'title = "Topic {topic_n}: transformers and attention"',
                    f'summary = "What topic {topic_n} is about, in one sentence."',
                    'key_points = ["first point", "second point"]',
                    "hours = 4",
                    f"resources = [{refs}]",
                ]
                topic_n += 1
        lines.append("")
    for r in range(resources):
        lines += [
            "[[resources]]",
            f'id = "r{r}"',
            f'title = "Resource {r}: a course about topic {r % 97}"',
            f'kind = "{KINDS[r % len(KINDS)]}"',
            f'url = "https://host{r % 10}.example.org/learn/{r}"',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 20)
