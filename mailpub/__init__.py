"""mailpub: readers' letters in, anonymized blog drafts out.

Importing the package has no side effects and imports nothing heavy.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
