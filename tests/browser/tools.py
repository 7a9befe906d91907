"""Where the browser tests find their tools: Debian's Chromium, axe-core and the Nu HTML Checker.

Nothing here downloads anything. Chromium comes from Debian (`apt-get install chromium`), axe-core
and vnu.jar from the npm registry (`make browser-deps`), Java from Debian. A missing tool makes the
tests that need it skip locally; in CI (``CI=true``) it fails them, so a green CI run always means
the browser tests ran.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Debian's Chromium, never a browser that a tool downloads (`playwright install` is not used).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip the test when a tool is missing, but fail it in CI: there a skip would hide a gap."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """Debian's Chromium, or the executable that ``CHROMIUM`` names."""
    return shutil.which(os.environ.get("CHROMIUM", "chromium"))


def java_path() -> str | None:
    return shutil.which("java")
