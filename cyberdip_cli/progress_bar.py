"""A progress bar for long work (`check`, the first run after a content change, `export`)
on a large content set: drawn by rich on stderr when stderr is a terminal, nothing at all
otherwise, so pipes, logs and tests see exactly what they saw before.

    with work_bar("Compiling the content cache", total=len(items)) as step:
        for item in items:
            ...
            step()

`step(n=1)` is cheap (a counter); the bar itself is updated every `EVERY` steps.
"""

import contextlib
import sys
from collections.abc import Callable, Iterator

# Below this much work nothing is drawn: small content is done before a bar would help.
MIN_ITEMS = 20_000
MIN_BYTES = 20 * 1024 * 1024
EVERY = 500


def on_terminal() -> bool:
    """Whether bars can be drawn at all: stderr is a terminal."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def wanted(total: int, minimum: int = MIN_ITEMS) -> bool:
    """Whether a bar is drawn for `total` units of work."""
    return total >= minimum and on_terminal()


def _nothing(n: int = 1) -> None:
    return None


@contextlib.contextmanager
def work_bar(
    description: str, total: int, minimum: int = MIN_ITEMS, unit: str = "", pulse: bool = False
) -> Iterator[Callable[..., None]]:
    """Yields `step(n=1)`; draws a transient bar on stderr when `wanted(total, minimum)`.
    With `pulse`, `total` only decides whether to draw: the bar pulses (work whose steps
    are not counted, such as building a Markdown guide) and `step` does nothing."""
    if not wanted(total, minimum):
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, highlight=False, markup=False, emoji=False)
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(
            description + (f" ({unit})" if unit else ""), total=None if pulse else total
        )
        if pulse:
            yield _nothing
            return
        pending = 0

        def step(n: int = 1) -> None:
            nonlocal pending
            pending += n
            if pending >= EVERY:
                bar.advance(task, pending)
                pending = 0

        yield step
        bar.update(task, completed=total)
