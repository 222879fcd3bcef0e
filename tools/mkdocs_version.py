"""A MkDocs hook that shows the documented release in every page's footer.

The version is read from ``src/ikomodel/__init__.py`` (where the build backend
reads it too), so the site always names the version of the code it documents.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

VERSION = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)


def package_version(root: Path) -> str:
    """Return ``ikomodel.__version__`` as written in the checkout at ``root``."""
    match = VERSION.search((root / "src" / "ikomodel" / "__init__.py").read_text("utf-8"))
    if match is None:
        raise ValueError("src/ikomodel/__init__.py sets no __version__")
    return match["version"]


def on_config(config: Any, **kwargs: Any) -> Any:
    """Put ``ikomodel VERSION`` in the footer of every page."""
    version = package_version(Path(config.config_file_path).parent)
    config.copyright = f"ikomodel {version} · MIT licence"
    return config
