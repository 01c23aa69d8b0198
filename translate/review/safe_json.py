"""JSON from files a reviewer or a damaged run hands back: every way it can fail is one reason.

``json.loads`` fails in three ways on hostile input, and only one of them is a
``JSONDecodeError``: a value nested a few hundred thousand levels deep raises ``RecursionError``,
an integer of more than 4,300 digits raises a plain ``ValueError``. Callers turn the reason into
their one-line error naming the file and the line.
"""

from __future__ import annotations

import json
from typing import Any


class BadJson(ValueError):
    """The text is not JSON this toolkit reads; ``str()`` is a short reason."""


def loads(text: str) -> Any:
    """``json.loads(text)``, or :class:`BadJson` with a short reason."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadJson(exc.msg) from None
    except RecursionError:
        raise BadJson("values nested too deeply") from None
    except ValueError:  # an integer beyond Python's digit limit for conversion
        raise BadJson("a number with too many digits") from None
