"""Optional back-ends: importing a package that a pip extra installs, or saying which extra."""

from __future__ import annotations

import importlib
import shutil
from types import ModuleType

from sightline.errors import SightlineError


def require_module(module: str, extra: str = "", package: str = "") -> ModuleType:
    """Import an optional dependency.

    Args:
        module: The import name, e.g. "faster_whisper".
        extra: Sightline's pip extra that installs it, e.g. "whisper".
        package: Else the pip requirement that installs it, e.g. "pipecat-ai[rnnoise]".

    Raises:
        SightlineError: `backend_missing`, naming `pip install 'sightline[<extra>]'`.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        requirement = f"sightline[{extra}]" if extra else package or module
        raise SightlineError(
            "backend_missing",
            f"{module} is not installed ({error}); install it with: pip install '{requirement}'",
        ) from error


def require_binary(binary: str, debian_package: str) -> str:
    """The path of an executable, or SightlineError `backend_missing` naming its Debian package."""
    path = shutil.which(binary)
    if path is None:
        raise SightlineError(
            "backend_missing",
            f"{binary} is not installed; install it with: sudo apt-get install {debian_package}",
        )
    return path
