"""Run the ```python examples of every page in docs/ (each page's blocks in order, one namespace).

Blocks fenced with any other info string (``text``, ``console``, ``pycon``...) are not run.
Each page runs in a fresh temporary working directory, so examples may write files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
PAGES = [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"]


def python_blocks(text: str) -> list[tuple[int, str]]:
    """``(line number, code)`` of each ```python block."""
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1)) for match in BLOCK.finditer(text)
    ]


def test_block_extraction() -> None:
    text = "intro\n```python\nx = 1\n```\n```text\nnot code\n```\n```python\ny = x + 1\n```\n"
    assert python_blocks(text) == [(3, "x = 1\n"), (9, "y = x + 1\n")]


def test_the_data_model_page_exists() -> None:
    assert DOCS / "data-model.md" in PAGES


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(page.read_text("utf-8"))
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    monkeypatch.chdir(tmp_path)
    for line, code in blocks:
        exec(compile(code, f"{page.name}:{line}", "exec"), namespace)
