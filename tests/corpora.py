"""Where the shared test corpora live (see /work/shared/corpora/README.md).

``corpora_dir()`` returns the folder named by ``$MAILPUB_CORPORA``, or
``<repo>/../shared/corpora`` by default. When it is missing the calling test
is skipped with a clear message -- unless ``$CI`` is set, where a missing
corpus is a failure (CI must not silently skip the robustness tests).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def corpora_dir() -> Path:
    """The corpora folder; skips (or fails under CI) when it does not exist."""
    env = os.environ.get("MAILPUB_CORPORA")
    path = Path(env) if env else REPO.parent / "shared" / "corpora"
    if path.is_dir():
        return path
    message = (
        f"test corpora not found at {path}; set MAILPUB_CORPORA to the folder that holds "
        "the shared corpora (see shared/corpora/README.md)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
