"""Where bundled files are: inside the installed package, or in a source checkout.

The wheel carries ``templates/`` and ``examples/`` inside the package
(``mailpub/templates``, ``mailpub/examples``); a source checkout has them at
the top level, beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder or file ``name`` (``templates``, ``examples``, ...)."""
    installed = _PACKAGE / name
    if installed.exists():
        return installed
    return _PACKAGE.parent / name
