"""The README's code map ("How the code is laid out") stays true: it names every module of the
project at its path, and every file and folder it names exists.

The map is a tree: a name ending in ``/`` opens a folder for the more deeply indented lines below
it; module names inside a description (``views/  thin views: pages.py …``) or on a description's
continuation line are read relative to the entry they describe."""

import re
import subprocess
from pathlib import Path, PurePosixPath

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMMANDS = "directory/management/commands/"
DESCRIPTION_COLUMN = 25  # continuation lines of a description start here
NAME = re.compile(r"^[\w/.<>…-]+$")


def code_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1]
    return section.split("```", 2)[1]


def tracked() -> list[str]:
    return subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()


def modules() -> list[str]:
    """The project's Python modules as git tracks them: no tests, migrations or package files."""
    return [
        f
        for f in tracked()
        if f.endswith(".py")
        and not f.startswith("tests/")
        and "/migrations/" not in f
        and not f.endswith("__init__.py")
    ]


def mapped_paths(text: str) -> set[str]:
    """Every path the map names: entries at their place in the tree, and the modules that
    descriptions name beside them."""
    paths: set[str] = set()
    folders: list[tuple[int, str]] = []  # (indent, path) of the open folders
    context = None  # the folder whose description may name modules
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent >= DESCRIPTION_COLUMN:
            if context:
                paths |= {context + name for name in re.findall(r"\b\w+\.py\b", line)}
            continue
        folders = [(i, path) for i, path in folders if i < indent]
        prefix = folders[-1][1] if folders else ""
        # The name column ends at the first run of spaces (a long name leaves only one).
        column, _, description = re.split(r"(\s{2,})", line.strip() + "  ", maxsplit=1)
        names = []
        for word in column.split():
            word = word.rstrip(",")
            if not NAME.match(word) or not ("." in word or "/" in word):
                description = column[column.index(word) :] + " " + description
                break
            names.append(word)
        for name in names:
            path = prefix + name
            paths.add(path)
            if name.endswith("/"):
                folders.append((indent, path))
        # Only a folder's description may name its modules (``views/  thin views: pages.py …``);
        # a module's own line is not replaced by a mention in a neighbour's description.
        first = prefix + names[0] if names else ""
        context = first if first.endswith("/") and first != COMMANDS else None
        if context:
            paths |= {context + name for name in re.findall(r"\b\w+\.py\b", description)}
    return paths


def mapped_commands(text: str) -> set[str]:
    """The management commands the map's ``management/commands/`` entry names."""
    lines = text.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.strip().startswith("management/commands/")
    )
    words = lines[start].strip().removeprefix("management/commands/")
    for line in lines[start + 1 :]:
        if len(line) - len(line.lstrip()) < DESCRIPTION_COLUMN:
            break
        words += " " + line
    return set(re.findall(r"\w+", words))


def test_code_map_names_every_module_at_its_path():
    text = code_map()
    paths = mapped_paths(text)
    missing = [
        module for module in modules() if not module.startswith(COMMANDS) and module not in paths
    ]
    assert not missing, f"README's code map does not name: {missing}"


def test_code_map_names_exactly_the_management_commands():
    commands = {Path(f).stem for f in modules() if f.startswith(COMMANDS)}
    assert mapped_commands(code_map()) == commands


def test_every_file_and_folder_the_code_map_names_exists():
    files = tracked()
    folders = {str(parent) + "/" for f in files for parent in PurePosixPath(f).parents}
    unknown = sorted(
        path
        for path in mapped_paths(code_map())
        if "<" not in path and "…" not in path and path not in files and path not in folders
    )
    assert not unknown, f"README's code map names paths that do not exist: {unknown}"


def test_a_module_is_mapped_at_its_place_in_the_tree():
    text = "directory/  the app\n  listing/  lists\n    facets.py  results\n"
    assert "directory/listing/facets.py" in mapped_paths(text)
    assert "directory/facets.py" not in mapped_paths(text)


def test_only_a_folders_description_names_its_modules():
    text = (
        "directory/  the app\n"
        "  views/    thin views: pages.py (home),\n"
        "                         browse.py (countries)\n"
        "  urls.py   public pages; data_urls.py machine-readable ones\n"
    )
    paths = mapped_paths(text)
    assert {"directory/views/pages.py", "directory/views/browse.py"} <= paths
    assert "directory/data_urls.py" not in paths
