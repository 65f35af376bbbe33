"""The Jinja2 environment for post templates.

Templates are looked up first in ``post.templates_dir`` (the author's
overrides), then in the bundled ``templates/`` folder: inside the installed
package (``mailpub/templates``) or, in a source checkout, at the top level.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from mailpub.resources import bundled


def bundled_templates_dir() -> Path:
    """The folder of the bundled templates (installed wheel or source checkout)."""
    return bundled("templates")


@lru_cache(maxsize=8)
def environment(templates_dir: Path | None) -> jinja2.Environment:
    search = [str(templates_dir)] if templates_dir else []
    search.append(str(bundled_templates_dir()))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
