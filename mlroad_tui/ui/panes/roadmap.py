"""The Roadmap pane: phases → groups → topics as a tree, with a detail view beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.console import Group as RenderGroup
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from mlroad_tui.catalog import LinkResults, dead_links, link_result
from mlroad_tui.curriculum import Group, Phase, Roadmap, Topic
from mlroad_tui.progress import States, current_phase, state_of, tally
from mlroad_tui.ui.widgets.badges import link_badge
from mlroad_tui.ui.widgets.labels import Bullet, fitted, hours, progress_bar, state_glyph
from mlroad_tui.ui.widgets.scrolling import BAR, DrawnScrollbar
from mlroad_tui.ui.widgets.text_view import TextView
from mlroad_tui.ui.widgets.topic_actions import TOPIC_BINDINGS, TopicActions

if TYPE_CHECKING:
    from mlroad_tui.ui.screens.help import HelpSection

Node = Phase | Group | Topic


@dataclass(frozen=True)
class LabelWidths:
    """How wide a phase's title (with its `M1 `) and every progress bar are drawn; a group's
    title is 4 cells narrower (it sits deeper), so all bars start in the same column."""

    title: int
    bar: int


WIDE = LabelWidths(title=38, bar=10)
# Beside the title on a phase's line: the guide "▼ ", a space, " 100%" and " ◀ now".
AROUND_TITLE = 2 + 1 + 5 + 6
TOPIC_GUIDES = 8  # "│   ├── " before a topic's glyph


def label_widths(room: int, scrolls: bool) -> LabelWidths:
    """The widest labels that fit `room` cells: WIDE where it fits beside the scrollbar (if
    the tree `scrolls`), else half-length bars and shorter titles (e.g. at 80 columns, where
    the room for a scrollbar is always kept), so the bars and the current month stay in view."""
    if room - (BAR if scrolls else 0) >= WIDE.title + WIDE.bar + AROUND_TITLE:
        return WIDE
    return LabelWidths(title=max(12, room - BAR - 5 - AROUND_TITLE), bar=5)


def phase_label(phase: Phase, states: States, is_current: bool, widths: LabelWidths = WIDE) -> Text:
    label = Text.assemble((f"M{phase.month} ", "bold"))
    label.append_text(fitted(phase.title, widths.title - 3, "bold" if is_current else ""))
    label.append(" ")
    label.append_text(progress_bar(tally(phase.topics, states), width=widths.bar))
    if is_current:
        label.append(" ◀ now", style="bold cyan")
    return label


def group_label(group: Group, states: States, widths: LabelWidths = WIDE) -> Text:
    label = fitted(group.title, widths.title - 4)
    label.append(" ")
    label.append_text(progress_bar(tally(group.topics, states), width=widths.bar))
    return label


def topic_label(topic: Topic, states: States, dead: int = 0, width: int | None = None) -> Text:
    """Glyph, title and hours; `dead` counts resources whose links need fixing. Within `width`
    cells (a tree line), the title gives way to an ellipsis so the hours and badges stay."""
    state = state_of(states, topic)
    after = Text(f"  {hours(topic.hours)}", style="dim")
    if topic.optional:
        after.append("  optional", style="italic dim")
    if dead:
        after.append(f"  ✗ {dead} dead link{'s' * (dead > 1)}", style="bold red")
    title = Text(topic.title, style="dim strike" if state.finished else "")
    if width is not None:
        title.truncate(max(8, width - 2 - after.cell_len), overflow="ellipsis")
    return Text.assemble(state_glyph(state), " ", title, after)


class RoadmapTree(TopicActions, Tree[Node]):
    """The timeline; Enter/space advance a topic (and fold a phase or group)."""

    BINDINGS = TOPIC_BINDINGS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scrollbar = DrawnScrollbar(self)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.scrollbar.restyle()

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        if not self.scrollbar.shown:
            return line
        width = self.scrollable_content_region.width - BAR
        return Strip.join([line.crop(0, width), self.scrollbar.line(y)])

    def highlighted_topic(self) -> Topic | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, Topic) else None

    def action_advance(self) -> None:
        """On a phase or group, Enter folds it; on a topic it advances it."""
        if self.highlighted_topic() is None and self.cursor_node is not None:
            self.cursor_node.toggle()
            return
        super().action_advance()


class TopicDetail(TextView):
    """What the highlighted phase, group or topic is about, and what to study it with."""

    def show(
        self, node: Node | None, roadmap: Roadmap, states: States, note: str, links: LinkResults
    ) -> None:
        if node is None:
            self.update("")
            return
        parts: list[Text | Bullet] = [Text(node.title, style="bold")]
        if isinstance(node, Phase):
            parts.append(Text(f"Month {node.month} · {hours(node.hours)} estimated", style="dim"))
            parts.append(progress_bar(tally(node.topics, states), width=20))
            parts += [Text("Goals", style="bold underline"), *map(Bullet, node.goals)]
            resources = roadmap.phase_resources(node)
        elif isinstance(node, Group):
            parts.append(progress_bar(tally(node.topics, states), width=20))
            parts += [topic_label(t, states) for t in node.topics]
            resources = ()
        else:
            state = state_of(states, node)
            parts.append(
                Text.assemble(
                    state_glyph(state), f" {state.value} · {hours(node.hours)}", style="dim"
                )
            )
            parts.append(Text(node.summary))
            if node.key_points:
                parts.append(Text("Key points", style="bold underline"))
                parts += map(Bullet, node.key_points)
            phase = roadmap.phase(node.phase_id)
            if phase is not None:
                parts.append(Text(f"Goals of month {phase.month}", style="bold underline"))
                parts += map(Bullet, phase.goals)
            resources = roadmap.topic_resources(node)
            if note:
                parts += [Text("Notes", style="bold underline"), Text(note)]
        if resources:
            now = datetime.now(UTC)
            parts.append(Text("Resources", style="bold underline"))
            for resource in resources:
                line = Text.assemble((resource.title, "bold"), (f"  {resource.kind}", "dim"))
                if resource.url:
                    line.append("  ")
                    line.append_text(link_badge(link_result(resource, links), now))
                parts.append(Bullet(line))
                if resource.url:
                    parts.append(
                        Text(f"  {resource.url}", style="dim", no_wrap=True, overflow="ellipsis")
                    )
        self.update(RenderGroup(*_spaced(parts)))


def _spaced(parts: list[Text | Bullet]) -> list[Text | Bullet]:
    """Leave a blank line before each section heading."""
    out: list[Text | Bullet] = []
    for part in parts:
        if isinstance(part, Text) and part.style == "bold underline":
            out.append(Text())
        out.append(part)
    return out


class RoadmapPane(Horizontal):
    """The six-month timeline and the detail of what is highlighted."""

    states: reactive[States] = reactive(dict, init=False)
    notes: reactive[dict[str, str]] = reactive(dict, init=False)
    link_results: reactive[LinkResults] = reactive(dict, init=False)

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.roadmap = roadmap
        self._tree_nodes: dict[str, TreeNode[Node]] = {}
        self._widths = WIDE
        self._detail_node: TreeNode[Node] | None = None  # what the detail shows
        self._opened = False  # labelled and opened at the current phase

    @staticmethod
    def help_sections() -> list[HelpSection]:
        return [("Roadmap and Today", RoadmapTree.BINDINGS)]

    def compose(self) -> ComposeResult:
        tree: RoadmapTree = RoadmapTree(Text("Roadmap"), id="roadmap-tree")
        tree.show_root = False
        for phase in self.roadmap.phases:
            self._tree_nodes[phase.id] = tree.root.add(Text(phase.title), data=phase)
        yield tree
        yield TopicDetail(id="topic-detail")

    def _populate(self, phase_node: TreeNode[Node]) -> None:
        """Add a phase's groups and topics the first time it opens (big roadmaps start fast)."""
        phase = phase_node.data
        if not isinstance(phase, Phase) or phase_node.children:
            return
        for group in phase.groups:
            group_node = self._tree_nodes[group.id] = phase_node.add(Text(group.title), data=group)
            group_node.set_label(group_label(group, self.states, self._widths))
            for topic in group.topics:
                topic_node = group_node.add_leaf(Text(topic.title), data=topic)
                topic_node.set_label(self._topic_label(topic))
                self._tree_nodes[topic.id] = topic_node

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        event.stop()
        self._populate(event.node)

    def on_mount(self) -> None:
        # Watched, not messaged: the detail changes in the very frame that moves the cursor
        # (Tree.NodeHighlighted would arrive after that frame, and cost a second one).
        self.watch(self.query_one(RoadmapTree), "cursor_line", self._cursor_moved, init=False)
        tree = self.query_one(RoadmapTree)
        self.watch(tree, "show_vertical_scrollbar", self.on_resize, init=False)

    def _open(self) -> None:
        """Label every line and open the current phase at the cursor: once, with the states
        bound (Textual sets each bound reactive just after mounting, changed or not)."""
        self._opened = True
        self._relabel()
        current = self._tree_nodes[current_phase(self.roadmap, self.states).id]
        self._populate(current)
        current.expand_all()
        self.query_one(RoadmapTree).move_cursor(current)

    def show_topic(self, topic_id: str) -> None:
        """Put the cursor on a topic (a search hit), opening its phase and group."""
        topic = self.roadmap.topic(topic_id)
        if topic is None:
            return
        self._populate(self._tree_nodes[topic.phase_id])
        node = self._tree_nodes[topic_id]
        for ancestor in (node.parent, node.parent.parent if node.parent else None):
            if ancestor is not None:
                ancestor.expand()
        tree = self.query_one(RoadmapTree)
        tree.call_after_refresh(tree.move_cursor, node)  # once the opened nodes have lines
        tree.focus()

    def on_resize(self) -> None:
        """Labels as wide as the tree has room for (narrower at 80 columns, or once the tree
        scrolls: the watch in on_mount)."""
        tree = self.query_one(RoadmapTree)
        widths = label_widths(tree.size.width, tree.show_vertical_scrollbar)
        if widths != self._widths:
            self._widths = widths
            if self._opened:  # (else opening labels them at this width)
                self._relabel()

    def watch_states(self, old: States, new: States) -> None:
        if not self._opened:
            self._open()
        elif new != old:  # (binding calls this even when nothing changed)
            self._relabel()

    def watch_link_results(self, old: LinkResults, new: LinkResults) -> None:
        if self._opened and new != old:
            self._relabel()

    def _topic_label(self, topic: Topic) -> Text:
        line = self._widths.title + self._widths.bar + AROUND_TITLE  # as wide as a phase's
        dead = len(dead_links(self.roadmap, topic, self.link_results))
        return topic_label(topic, self.states, dead, width=line - TOPIC_GUIDES)

    def watch_notes(self) -> None:
        self._show_detail()

    def _relabel(self) -> None:
        states = self.states
        now = current_phase(self.roadmap, states)
        for node in self._tree_nodes.values():
            data = node.data
            if isinstance(data, Phase):
                node.set_label(phase_label(data, states, data is now, self._widths))
            elif isinstance(data, Group):
                node.set_label(group_label(data, states, self._widths))
            elif isinstance(data, Topic):
                node.set_label(self._topic_label(data))
        self._show_detail()

    def _cursor_moved(self) -> None:
        if self.query_one(RoadmapTree).cursor_node is not self._detail_node:
            self._show_detail()

    def _show_detail(self) -> None:
        node = self._detail_node = self.query_one(RoadmapTree).cursor_node
        data = node.data if node is not None else None
        note = self.notes.get(data.id, "") if isinstance(data, Topic) else ""
        self.query_one(TopicDetail).show(data, self.roadmap, self.states, note, self.link_results)
