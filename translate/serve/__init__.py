"""``translate serve``: the toolkit as an HTTP service speaking DeepL API v2 and LibreTranslate.

    client ─► deepl.py / libre.py ─► service.py ─► markup.py (sentences, tags kept)
              (parse any encoding:     (keys, quotas,      │
               params.py; own error     limits)            ▼
               shapes: errors.py)                queue.py: one bounded queue, one worker that
                                                 batches all clients' sentences through the
                                                 pipeline's Translator (memory, glossary,
                                                 values, quotes)
              store.py: DeepL glossaries and usage in SQLite under --state
              access.py: API keys file, rate limits; detect.py: de/en identification
              app.py: the FastAPI app (OpenAPI at /openapi.json); server.py: uvicorn, signals

FastAPI and uvicorn are the optional extra ``dejour-translate[serve]``; nothing here is
imported by ``translate --help``.
"""

from __future__ import annotations
