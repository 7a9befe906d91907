"""The README's code map ("How the code is laid out") stays true: it names every module of the
project, and every module it names exists."""

import re
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMMANDS = "directory/management/commands/"


def code_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1]
    return section.split("```", 2)[1]


def modules() -> list[str]:
    """The project's Python modules as git tracks them: no tests, migrations or package files."""
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [
        f
        for f in files
        if not f.startswith("tests/") and "/migrations/" not in f and not f.endswith("__init__.py")
    ]


def named(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", text) is not None


def test_code_map_names_every_module():
    text = code_map()
    missing = [
        module
        for module in modules()
        if not named(text, Path(module).stem if module.startswith(COMMANDS) else Path(module).name)
    ]
    assert not missing, f"README's code map does not name: {missing}"


def test_every_module_the_code_map_names_exists():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    names = {Path(f).name for f in tracked} | {f.split("/", 1)[-1] for f in tracked}
    named_files = set(re.findall(r"[\w/][\w/.]*\.(?:py|js|md)\b", code_map()))
    unknown = sorted(f for f in named_files if f not in names and Path(f).name not in names)
    assert not unknown, f"README's code map names files that do not exist: {unknown}"
