"""Reading a roadmap off a Markdown outline: phases, groups, topics, goals, tips, resources.

Phases come from the structure the document uses: headings with a time unit ("Month 1",
"Week 3", "Phase II") at the shallowest level that has them, rows of a table with such a
column, or else its top-level sections. Inside a phase, a sub-heading or a list item with
sub-items is a group, the items under it are topics and anything deeper are key points.
Bold labels and headings with a role ("Goals", "Resources", "Tips") route their lists.
Every link becomes a resource attached where it appears; what fits nowhere is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mlroad_tui.importer import words
from mlroad_tui.importer.draft import (
    Draft,
    DraftGroup,
    DraftPhase,
    DraftResource,
    DraftTip,
    DraftTopic,
    Unplaced,
)
from mlroad_tui.importer.outline import Inline, Link, Node, Outline
from mlroad_tui.importer.words import Role, clean, role_of, time_unit, title_text
from mlroad_tui.urls import is_openable

MAX_PHASES = 1000
MAX_TOPICS = 20_000
MAX_RESOURCES = 20_000
MAX_GOALS = 50  # per phase
MAX_KEY_POINTS = 50  # per topic
LOOSE_GROUP = "Topics"  # the group of a phase's topics that no heading or item gathers

_UNIT_HEADER = re.compile(
    r"(month|week|phase|stage|step|day|module|unit|sprint|part)s?\s*(#|no\.?|number)?\Z", re.I
)
_COLUMN_ROLES = (
    ("goals", re.compile(r"goals?|objectives?|outcomes?", re.I)),
    ("resources", re.compile(r"resources?|links?|materials?|courses?|books?|reading|where", re.I)),
    ("hours", re.compile(r"hours?|time|duration|effort|hrs", re.I)),
    ("summary", re.compile(r"descriptions?|summary|notes?|details?|covers|why", re.I)),
    (
        "topics",
        re.compile(r"topics?|learn|content|what|skills?|subjects?|concepts?|curriculum", re.I),
    ),
    ("title", re.compile(r"phase|title|name|focus|theme|stage|area|module", re.I)),
)


@dataclass(frozen=True)
class _Context:
    """Where the walk is: which phase, group and topic things go to, and in what role."""

    phase: DraftPhase | None = None
    group: DraftGroup | None = None
    topic: DraftTopic | None = None
    role: Role = Role.CONTENT
    hint: str | None = None  # the resource kind a label promises ("Books:")


def build(outline: Outline, source_name: str, stem: str) -> Draft:
    """The roadmap the outline describes, every part noted with its source line."""
    return _Builder(outline, source_name, stem).draft


class _Builder:
    def __init__(self, outline: Outline, source_name: str, stem: str) -> None:
        self.draft = Draft(source_name)
        self.root = outline.root
        self.phase_of: dict[Node, DraftPhase] = {}
        self.phase_tables: dict[Node, int] = {}  # table → its time-unit column
        self.loose: dict[DraftPhase, DraftGroup] = {}
        self.topic_index: dict[tuple[int, str], DraftTopic] = {}  # (group, title key) → topic
        self.topic_count = 0
        self.draft.title = self._title(stem)
        self._find_weekly_hours()
        self._find_phases()
        if self.root in self.phase_of:
            self._walk(self.root.children, _Context(phase=self.phase_of[self.root]))
        else:
            self._walk(self.root.children, _Context())
        for skipped in outline.skipped:
            self._unplaced(skipped.line, skipped.what, "")
        self._fill_empty_phases()

    # --- the document as a whole ---------------------------------------------------------

    def _title(self, stem: str) -> str:
        headings = [n for n in self.root.walk() if n.kind == "heading"]
        first_h1 = next((n for n in headings if n.level == 1), None)
        chosen = first_h1 or (headings[0] if headings else None)
        return (title_text(chosen.inline.text) if chosen else "") or stem or "Imported roadmap"

    def _find_weekly_hours(self) -> None:
        for node in self.root.walk():
            if node.kind in ("para", "heading", "label") and (
                found := words.weekly_hours(node.inline.text)
            ):
                self.draft.weekly_hours, self.draft.weekly_hours_line = found, node.line
                return

    def _find_phases(self) -> None:
        nodes = self.root.walk()
        timed, origin = self._timed(nodes)
        tables = {
            n: column for n in nodes if n.kind == "table" and (column := _unit_column(n)) >= 0
        }
        for node, unit in timed:
            self._new_phase(node, strip=unit, origin=origin)
        if not timed and not tables:
            for node in self._top_sections():
                self._new_phase(node, strip=None, origin="section")
        inside = {n for heading in self.phase_of for n in heading.walk()}
        self.phase_tables = {table: col for table, col in tables.items() if table not in inside}
        if not self.phase_of and not self.phase_tables:
            # No structure to go by: the whole document is one phase.
            phase = DraftPhase(self.draft.title, 1, "document")
            self.draft.phases.append(phase)
            self.phase_of[self.root] = phase

    def _timed(self, nodes: list[Node]) -> tuple[list[tuple[Node, tuple[str, int]]], str]:
        """What names the phases by a time unit ("Month 1", "Week 3"): headings, at the
        shallowest level where two or more do; else bold labels ("**Week 1**"); else the
        outermost list items ("- Week 1: Python" over its topics)."""
        headings = [
            (n, unit) for n in nodes if n.kind == "heading" and (unit := time_unit(n.inline.text))
        ]
        if headings:
            levels = sorted({n.level for n, _ in headings})
            level = next(
                (lv for lv in levels if sum(n.level == lv for n, _ in headings) >= 2), levels[0]
            )
            return [(n, unit) for n, unit in headings if n.level == level], "heading"
        labels = [
            (n, unit) for n in nodes if n.kind == "label" and (unit := time_unit(n.inline.text))
        ]
        if labels:
            return labels, "label"
        return _outer_timed_items(self.root), "list item"

    def _top_sections(self) -> list[Node]:
        """The document's sections below its title, without asides, tips and link lists."""
        level_nodes = [n for n in self.root.children if n.kind == "heading"]
        while len(level_nodes) == 1 and any(c.kind == "heading" for c in level_nodes[0].children):
            level_nodes = [c for c in level_nodes[0].children if c.kind == "heading"]
        return [n for n in level_nodes if role_of(n.inline.text) in (Role.CONTENT, Role.TOPICS)]

    def _new_phase(self, node: Node, strip: tuple[str, int] | None, origin: str) -> DraftPhase:
        number = len(self.draft.phases) + 1
        title = title_text(node.inline.text)
        if strip is not None and strip == ("month", number):
            title = words.strip_time_unit(title)
        title, _ = words.take_optional(title)
        phase = DraftPhase(title or f"Phase {number}", node.line, origin, unit=strip)
        if len(self.draft.phases) >= MAX_PHASES:
            self._unplaced(node.line, f"phase beyond the first {MAX_PHASES}", title)
            return phase
        self.draft.phases.append(phase)
        self.phase_of[node] = phase
        for link in node.inline.links:
            self._attach(link, _Context(phase=phase), node.inline.text)
        return phase

    def _fill_empty_phases(self) -> None:
        """A phase must hold a topic: one that names the phase stands in, and says so."""
        for phase in self.draft.phases:
            if not phase.topics:
                topic = DraftTopic(phase.title, phase.line, stands_for_phase=True)
                phase.groups.append(DraftGroup(phase.title, phase.line, [topic]))

    # --- the walk ------------------------------------------------------------------------------

    def _walk(self, nodes: list[Node], context: _Context) -> None:
        for node in nodes:
            self._visit(node, context)

    def _visit(self, node: Node, context: _Context) -> None:
        if node in self.phase_of:
            self._walk(node.children, _Context(phase=self.phase_of[node]))
        elif node in self.phase_tables:
            self._phase_rows(node, self.phase_tables[node])
        elif node.kind in ("heading", "label"):
            self._section(node, context)
        elif node.kind == "item":
            self._item(node, context)
        elif node.kind == "para":
            self._paragraph(node, context)
        elif node.kind == "table":
            self._table(node, context)

    def _section(self, node: Node, context: _Context) -> None:
        text = node.inline.text
        title = _heading_title(node.inline)
        role = role_of(text)
        content = context.phase is not None and context.role is Role.CONTENT
        if content and role is Role.CONTENT and context.topic is not None:
            self._key_point(context.topic, title)
            self._attach_all(node.inline, context)
            self._walk(node.children, context)
        elif (
            content
            and role is Role.CONTENT
            and (
                (context.group is not None and context.group.from_heading) or not _has_topics(node)
            )
        ):
            topic = self._topic(context, title, "", node)
            self._walk(node.children, replace(context, topic=topic))
        elif content and role is Role.CONTENT:
            group = self._group(context.phase, title, node.line, from_heading=True)
            self._attach_all(node.inline, context)
            self._walk(node.children, replace(context, group=group))
        else:
            self._attach_all(node.inline, context)
            self._walk(node.children, self._section_context(context, role, title))

    @staticmethod
    def _section_context(context: _Context, role: Role, title: str) -> _Context:
        """What a heading or label that is not a group or topic does to the walk below it."""
        hint = words.kind_hint(title)
        if context.role in (Role.GOALS, Role.TIPS, Role.RESOURCES) and role is Role.CONTENT:
            return replace(context, hint=hint or context.hint)  # "Courses:" under "Resources"
        if role in (Role.GOALS, Role.TIPS, Role.RESOURCES):
            return replace(context, role=role, hint=hint)
        if role is Role.ASIDE and context.phase is None:
            return replace(context, role=Role.ASIDE)
        return replace(context, role=Role.CONTENT)  # "Topics:", or a section outside phases

    def _item(self, node: Node, context: _Context) -> None:
        inline = node.inline
        label_role = role_of(inline.label) if inline.label else Role.CONTENT
        if context.role is Role.GOALS:
            self._goal(inline, node, context)
            self._walk(node.children, context)
        elif context.role is Role.TIPS:
            self._tip(inline, node, context)
        elif context.role in (Role.RESOURCES, Role.ASIDE) or _is_resource_line(inline):
            self._resource_item(node, context)
        elif label_role in (Role.GOALS, Role.TIPS, Role.RESOURCES):
            routed = replace(context, role=label_role, hint=words.kind_hint(inline.label))
            if inline.rest:
                self._item(Node("item", _without_label(inline), node.line), routed)
            self._walk(node.children, routed)
        elif context.phase is None:
            self._unplaced(node.line, "list item outside any phase", inline.text)
            self._attach_all(inline, context)
            self._walk(node.children, context)
        elif context.topic is not None:
            self._key_point(context.topic, inline.text)
            self._attach_all(inline, context)
            self._walk(node.children, context)
        elif context.group is not None or not _has_topics(node):
            summary = _prose(inline.rest, inline.links) if inline.label else ""
            title = inline.label or _without_link_aside(inline.text, inline.links)
            topic = self._topic(context, title, summary, node)
            self._walk(node.children, replace(context, topic=topic))
        else:
            title, optional = words.take_optional(inline.label or inline.text)
            group = self._group(context.phase, title, node.line, from_heading=True)
            group.optional = group.optional or optional or _says_optional(inline.rest)
            self._attach_all(inline, context)
            self._walk(node.children, replace(context, group=group))

    def _paragraph(self, node: Node, context: _Context) -> None:
        inline = node.inline
        label_role = role_of(inline.label) if inline.label else Role.CONTENT
        if context.role is Role.GOALS or label_role is Role.GOALS:
            self._goal(
                _without_label(inline) if label_role is Role.GOALS else inline, node, context
            )
        elif context.role is Role.TIPS:
            self._tip(inline, node, context)
        elif context.topic is not None and not context.topic.summary and inline.text:
            self._attach_all(inline, context)
            context.topic.summary = clean(inline.text, words.MAX_TEXT)
        else:
            self._attach_all(inline, context)
            if not inline.link_text_only and inline.text and not words.weekly_hours(inline.text):
                self._unplaced(node.line, "paragraph", inline.text)

    def _table(self, node: Node, context: _Context) -> None:
        """A table of topics (or of resources, under a resources heading): one row each."""
        roles = _column_roles(node.header, node.children)
        for row in node.children:
            if context.role is not Role.CONTENT or context.phase is None:
                for cell in row.cell_text:
                    self._attach_all(cell, context)
                if context.role is not Role.RESOURCES:
                    self._unplaced(row.line, "table row outside any phase", row.cell_text[0].text)
                continue
            title_cell = roles.get("topics", roles.get("title", 0))
            cell = row.cell_text[title_cell] if title_cell < len(row.cell_text) else Inline()
            title = cell.links[0].text if cell.link_text_only and cell.links else cell.text
            summary = _cell(row, roles.get("summary"))
            topic = self._topic(context, title or f"Row at line {row.line}", summary, row)
            topic.hours = topic.hours or words.hours_cell(_cell(row, roles.get("hours")))
            topic_context = replace(context, topic=topic)
            for position, text in enumerate(row.cell_text):
                if position != title_cell:
                    self._attach_all(text, topic_context)
            self._attach_all(cell, topic_context)

    def _phase_rows(self, table: Node, unit_column: int) -> None:
        """Rows of a "Month | Topics | Resources" table: each row a phase, or merged into the
        phase of the same number found under a heading."""
        roles = _column_roles(table.header, table.children)
        unit_word = _unit_word(table.header[unit_column] if unit_column < len(table.header) else "")
        by_number = {p.unit[1]: p for p in self.draft.phases if p.unit}
        for row in table.children:
            number = _row_number(row.cell_text[unit_column].text) if row.cells else None
            phase = by_number.get(number) if number is not None else None
            if phase is None:
                title = _cell(row, roles.get("title")) or row.cell_text[unit_column].text
                phase = self._new_phase(
                    Node("heading", Inline(text=title), row.line),
                    strip=(unit_word, number) if number is not None else None,
                    origin="table row",
                )
                if number is not None:
                    by_number[number] = phase
            else:
                phase.merged_lines.append(row.line)
            context = _Context(phase=phase)
            for position, items in enumerate(row.cells):
                role = _role_of_column(roles, position)
                if position == unit_column or role in ("title", "hours"):
                    for link in row.cell_text[position].links:
                        self._attach(link, context, row.cell_text[position].text)
                elif role == "goals":
                    self._walk(items, replace(context, role=Role.GOALS))
                elif role == "resources":
                    self._walk(items, replace(context, role=Role.RESOURCES))
                else:
                    self._walk(items, context)

    # --- making parts --------------------------------------------------------------------------

    def _group(
        self, phase: DraftPhase | None, title: str, line: int, from_heading: bool
    ) -> DraftGroup:
        assert phase is not None
        title = title_text(title) or f"Group at line {line}"
        key = words.same_title_key(title)
        for group in phase.groups:
            if group.from_heading and words.same_title_key(group.title) == key:
                if line != group.line:
                    group.also.append(line)
                return group
        group = DraftGroup(title, line, from_heading=from_heading)
        phase.groups.append(group)
        return group

    def _topic(self, context: _Context, title: str, summary: str, node: Node) -> DraftTopic:
        """A topic in the context's group (or the phase's loose one), merged with an earlier
        topic of the same title there: a summary table and a detailed section say it twice."""
        phase = context.phase
        assert phase is not None
        group = context.group or self._loose_group(phase)
        title, hours = words.take_hours(title_text(title))
        summary, summary_hours = words.take_hours(summary)
        title, optional = words.take_optional(title)
        summary, summary_optional = words.take_optional(summary)
        title = clean(title) or f"Topic at line {node.line}"
        key = (id(group), words.same_title_key(title))
        topic = self.topic_index.get(key)
        if topic is None:
            topic = DraftTopic(title, node.line)
            if self.topic_count >= MAX_TOPICS:
                self._unplaced(node.line, f"topic beyond the first {MAX_TOPICS}", title)
                return topic
            self.topic_count += 1
            group.topics.append(topic)
            self.topic_index[key] = topic
        elif node.line != topic.line:
            topic.also.append(node.line)
        if summary and not topic.summary and not _is_only_optional(summary):
            topic.summary = clean(summary, words.MAX_TEXT)
        topic.hours = topic.hours or hours or summary_hours
        topic.optional = topic.optional or optional or summary_optional or group.optional
        self._attach_all(node.inline, replace(context, topic=topic))
        return topic

    def _loose_group(self, phase: DraftPhase) -> DraftGroup:
        """Where a phase's topics go that no group heading or item gathers."""
        if phase not in self.loose:
            self.loose[phase] = DraftGroup(LOOSE_GROUP, phase.line)
            phase.groups.append(self.loose[phase])
        return self.loose[phase]

    def _key_point(self, topic: DraftTopic, text: str) -> None:
        text = clean(text, words.MAX_TEXT)
        if text and len(topic.key_points) < MAX_KEY_POINTS and text not in topic.key_points:
            topic.key_points.append(text)

    def _goal(self, inline: Inline, node: Node, context: _Context) -> None:
        self._attach_all(inline, context)
        text = clean(inline.text, words.MAX_TEXT)
        if not text:
            return
        if context.phase is None:
            self._unplaced(node.line, "goal outside any phase", text)
        elif len(context.phase.goals) < MAX_GOALS and text not in context.phase.goals:
            context.phase.goals.append(text)

    def _tip(self, inline: Inline, node: Node, context: _Context) -> None:
        """A tip: "**Title:** text", or its first words as the title."""
        self._attach_all(inline, replace(context, phase=None, topic=None))
        text = inline.rest if inline.label else inline.text
        for child in node.children:
            text = f"{text} {child.inline.text}".strip()
        title = inline.label or " ".join(inline.text.split()[:6])
        if title and text:
            self.draft.tips.append(
                DraftTip(title_text(title), clean(text, words.MAX_TEXT), node.line)
            )

    def _resource_item(self, node: Node, context: _Context) -> None:
        """A line of a resource list: each link a resource; without one, a book or a label."""
        inline = node.inline
        hint = (words.kind_hint(inline.label) or context.hint) if inline.label else context.hint
        if inline.links:
            self._attach_all(inline, replace(context, hint=hint))
        elif node.children:
            pass  # a label over sub-lists ("- **Books:**"): its children say the rest
        elif hint == "book" or words.looks_like_book(inline.text):
            self._book(inline.text, node.line, context)
        elif inline.text and context.role is not Role.ASIDE:
            self._unplaced(node.line, "named without a link (only books may be)", inline.text)
        elif inline.text:
            self._unplaced(node.line, "list item outside any phase", inline.text)
        self._walk(node.children, replace(context, hint=hint))

    def _book(self, text: str, line: int, context: _Context) -> None:
        title, authors = words.split_authors(text)
        key = words.book_key(title)
        same = next(
            (r for r in self.draft.resources.values() if words.book_key(r.title) == key), None
        )
        if same is not None:
            same.authors = same.authors or clean(authors)
            same.also.append(line)
            return
        resource = DraftResource(clean(title), "book", None, line, authors=clean(authors))
        self._register(f"book:{key}", resource, context)

    def _attach_all(self, inline: Inline, context: _Context) -> None:
        for link in inline.links:
            self._attach(link, context, inline.text)

    def _attach(self, link: Link, context: _Context, around: str) -> None:
        """The link as a resource (once per URL), referred to by the topic or phase it is in."""
        self.draft.link_mentions += 1
        url = link.url.strip()
        if not is_openable(url) or any(c.isspace() for c in url) or len(url) > 2000:
            self._unplaced(link.line, "link that is not an http(s) URL", url[:200])
            return
        existing = self.draft.resources.get(url)
        if existing is not None:
            existing.also.append(link.line)
            self._refer(url, context)
            return
        title = clean(link.text) or url
        kind = words.resource_kind(
            f"{title} {around}" if not link.text else title, url, context.hint
        )
        authors = ""
        if kind == "book":
            title, authors = words.split_authors(title)
        self._register(url, DraftResource(title, kind, url, link.line, authors=authors), context)

    def _register(self, key: str, resource: DraftResource, context: _Context) -> None:
        if len(self.draft.resources) >= MAX_RESOURCES:
            self._unplaced(resource.line, f"resource beyond the first {MAX_RESOURCES}", key)
            return
        self.draft.resources[key] = resource
        self._refer(key, context)

    def _refer(self, key: str, context: _Context) -> None:
        if context.topic is not None:
            context.topic.resources[key] = None
        elif context.phase is not None:
            context.phase.resources[key] = None

    def _unplaced(self, line: int, what: str, text: str) -> None:
        self.draft.unplaced.append(Unplaced(line, what, clean(text, 120)))


# --- helpers on nodes ------------------------------------------------------------------------


def _is_resource_line(inline: Inline) -> bool:
    """A resource, not a topic: "[Title](url)", "**Course:** [Title](url) by Someone"."""
    if not inline.links:
        return False
    if inline.starts_with_link or inline.link_text_only:
        return True
    return inline.rest_starts_with_link and role_of(inline.label) is Role.RESOURCES


def _heading_title(inline: Inline) -> str:
    """A heading's title without a trailing link: "Transformers — [A Guide](…)"."""
    if inline.label and inline.links and not _prose(inline.rest, inline.links):
        return title_text(inline.label)
    return title_text(inline.text)


def _has_topics(node: Node) -> bool:
    """Whether anything below the node would be a topic (not a goal, tip or link line)."""
    for child in node.children:
        if child.kind in ("heading", "label"):
            role = role_of(child.inline.text)
            if role in (Role.CONTENT, Role.TOPICS) and (
                child.kind == "heading" or _has_topics(child)
            ):
                return True
        elif child.kind == "table":
            return True
        elif child.kind == "item" and child.inline.text and not _is_resource_line(child.inline):
            label_role = role_of(child.inline.label) if child.inline.label else Role.CONTENT
            if label_role in (Role.CONTENT, Role.TOPICS):
                return True
    return False


def _prose(text: str, links: list[Link]) -> str:
    """The text unless it is nothing but the texts of its links ("— [A Guide](…)")."""
    leftover = text
    for link in links:
        leftover = leftover.replace(link.text, " ", 1)
    return text if re.sub(r"[\W_]+", "", leftover) else ""


def _outer_timed_items(node: Node) -> list[tuple[Node, tuple[str, int]]]:
    """List items with a time unit and items below them, not inside another such item."""
    found = []
    for child in node.children:
        unit = time_unit(child.inline.text) if child.kind == "item" and child.children else None
        if unit is not None:
            found.append((child, unit))
        else:
            found.extend(_outer_timed_items(child))
    return found


def _without_link_aside(text: str, links: list[Link]) -> str:
    """A title without the link it ends on: "Variance ([Khan Academy](…))" → "Variance"."""
    for link in links:
        aside = f"({link.text})"
        if link.text and text.endswith(aside) and len(text) > len(aside):
            return text[: -len(aside)].rstrip(" ,;:-–—")
    return text


def _without_label(inline: Inline) -> Inline:
    return replace(inline, text=inline.rest, label="")


def _says_optional(text: str) -> bool:
    return words.take_optional(text)[1]


def _is_only_optional(text: str) -> bool:
    return text.strip(" ()*_").lower() in ("optional", "")


def _unit_column(table: Node) -> int:
    """The column of a table that numbers phases ("Month", "Week"), or -1."""
    for position, header in enumerate(table.header):
        if _UNIT_HEADER.match(title_text(header)):
            cells = [
                row.cell_text[position].text
                for row in table.children
                if position < len(row.cell_text)
            ]
            if cells and all(_row_number(cell) is not None for cell in cells):
                return position
    return -1


def _unit_word(header: str) -> str:
    match = _UNIT_HEADER.match(title_text(header))
    return match.group(1).lower() if match else "phase"


def _row_number(text: str) -> int | None:
    text = title_text(text)
    if text.isdigit() and len(text) <= 4:
        return int(text)
    unit = time_unit(text)
    return unit[1] if unit else None


def _column_roles(header: list[str], rows: list[Node]) -> dict[str, int]:
    """Which column holds titles, topics, resources, hours…, by its header's words."""
    roles: dict[str, int] = {}
    for position, text in enumerate(header):
        title = title_text(text)
        for role, pattern in _COLUMN_ROLES:
            if pattern.search(title) and role not in roles:
                roles[role] = position
                break
    return roles


def _role_of_column(roles: dict[str, int], position: int) -> str | None:
    return next((role for role, column in roles.items() if column == position), None)


def _cell(row: Node, position: int | None) -> str:
    if position is None or position >= len(row.cell_text):
        return ""
    return row.cell_text[position].text
