"""German→English news translation and localization toolkit.

The public API is re-exported here; importing it loads neither torch nor transformers.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
