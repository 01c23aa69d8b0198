"""Recognise news-site boilerplate lines ("Mehr zum Thema – …", "Schreibe einen Kommentar" …)."""

from __future__ import annotations

import re

__all__ = ["is_boilerplate"]

_DASH = r"\s*(?:[-–—:|»>›•]|$)"
_SOCIAL = (
    r"(?:facebook|twitter|instagram|tiktok|youtube|threads|mastodon|bluesky|linkedin|telegram"
    r"|whatsapp|xing|pinterest|flipboard|google news)"
)
_BOILERPLATE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # related-article teasers and cross-links
        rf"^(?:mehr|weiteres?|weitere artikel|weitere nachrichten|weitere meldungen) "
        rf"(?:zum thema|zu diesem thema|dazu|zum autor|aus (?:der|dem) \w+){_DASH}",
        rf"^(?:lesen|lest|lies|sehen|hören) sie (?:auch|mehr|hier|dazu|weiter)\b"
        rf"(?:{_DASH}|.{{0,80}}:\s*$|.{{0,80}}:(?!.*[.!?]\s*$).{{0,80}}$)",
        rf"^(?:lesen|lest|lies|hören|sehen) (?:auch|mehr|hier|weiter){_DASH}",
        rf"^(?:auch interessant|das könnte sie (?:auch )?interessieren|empfehlungen?|empfohlen"
        rf"|verwandte (?:artikel|themen|beiträge)|ähnliche (?:artikel|beiträge)|siehe auch"
        rf"|zum thema|weiterlesen|mehr lesen|mehr anzeigen|zum artikel|zur startseite"
        rf"|zurück zur (?:übersicht|startseite)|nach oben|top-?themen|meistgelesen(?:e artikel)?"
        rf"|bildergalerie|mehr bilder|alle bilder|zur bildergalerie|video abspielen){_DASH}",
        # comments
        r"^(?:schreiben? (?:sie )?einen kommentar|kommentar (?:schreiben|verfassen|abgeben)"
        r"|kommentare?(?: anzeigen| lesen| \(\d+\))?|\d+ kommentare?|antworten|diskutieren sie mit"
        r"|jetzt kommentieren|hinterlasse einen kommentar|leserkommentare?)\s*[.!:]?$",
        # sharing and following
        r"^(?:teilen(?: sie)?(?: diesen| den| dieses)? ?(?:artikel|beitrag|seite)?"
        r"|artikel (?:teilen|drucken|merken|versenden)|beitrag teilen|jetzt teilen|seite teilen"
        r"|drucken|merken|per (?:e-?mail|mail) (?:teilen|versenden|senden)"
        rf"|(?:auf |bei |via )?(?:{_SOCIAL}|e-?mail)(?: teilen| posten| twittern)?)"
        r"(?:\s*[|/,·•]\s*\w+)*\s*[.!:]?$",
        r"^(?:teilen|share) (?:auf|via|per|bei)\b",
        r"^(?:folgen sie|folge|folgt) uns\b",
        rf"^(?:folgen sie|folge|folgt)\b.{{0,60}}\b(?:auf|bei|in|über) {_SOCIAL}\b",
        r"^abonnieren sie (?:uns|unseren|unsere)\b",
        r"^(?:(?:jetzt|hier) (?:kostenlos |gratis )?)?(?:abonnieren|abo abschließen|registrieren"
        r"|anmelden)\s*[.!]?$",
        r"^(?:jetzt|hier) (?:kostenlos |gratis )?(?:abonnieren|abo abschließen|registrieren)\b"
        r".{0,60}$",
        # newsletters and cookies
        r"^(?:jetzt |hier )?(?:(?:zum|für den|für unseren|unseren|den) )?(?:kostenlosen )?"
        r"newsletter\b.{0,80}(?:anmelden|abonnieren|bestellen|registrieren)\b\s*[.!]?$",
        r"^(?:melden sie sich|registrieren sie sich|tragen sie sich)\b.{0,60}newsletter",
        r"^(?:wir verwenden|diese (?:website|seite|webseite) (?:verwendet|nutzt)|wir nutzen)"
        r" cookies\b",
        r"(?:erklären sie sich|stimmen sie|akzeptieren sie|sind sie).{0,80}\bcookies\b"
        r"|\bcookies\b.{0,80}(?:zustimmen|akzeptieren|einverstanden)\s*[.!]?$",
        r"^(?:cookies? (?:akzeptieren|zulassen|ablehnen|einstellungen|verwalten|zustimmen)"
        r"|alle (?:cookies )?akzeptieren|akzeptieren|zustimmen|einstellungen|datenschutz"
        r"|datenschutzerklärung|impressum|nutzungsbedingungen|agb|kontakt)\s*[.!]?$",
        # copyright lines
        r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})|urheberrecht\s*(?:©|\d{4})"
        r"|alle rechte vorbehalten)",
        r"^(?=(?:\S+\s+){0,14}\S+$)(?!.*[.!?]\s+\S).*©[^.!?]*$",
        r"alle rechte vorbehalten\.?$",
        # ads
        r"^(?:anzeige|werbung|sponsored|gesponsert|advertorial|promotion|paid content"
        r"|bezahlte partnerschaft)\s*[:.]?$",
        # tags and categories
        r"^(?:tags?|schlagwörter|schlagworte|themen|stichwörter|kategorien?|rubrik)\s*:"
        r"(?!.*[.!?]\s+\S)[^.!?]{0,120}$",
        # agency-only credit lines: "(dpa)", "dpa/AFP", "Mit Material von dpa"
        r"^\(?(?:dpa|afp|ap|rtr|reuters|kna|epd|sid|apa|dts|dpa-afx|ddp|idea|ots)"
        r"(?:\s*[/,]\s*(?:dpa|afp|ap|rtr|reuters|kna|epd|sid|apa|dts|[a-z]{1,4}))*\)?\s*\.?$",
        r"^mit (?:material|informationen|agenturmaterial) (?:von|der|des|aus)\b.{0,60}$",
        # support prompts
        r"^(?:unterstützen sie (?:uns|unsere[nr]?|unabhängigen)|jetzt unterstützen|jetzt spenden)"
        r"\b.{0,100}$",
    )
]
# photo and other credits: "Foto: dpa", "Bild: Kay Nietfeld/dpa", "Quelle: Reuters"
_CREDIT_RE = re.compile(
    r"^[(\[]?(?:fotos?|bild(?:er)?|bildquellen?|quellen?|grafik|grafiken|illustration|video|titelbild"
    r"|symbolbild|archivbild|archivfoto|fotograf(?:in)?|bildrechte|copyright|credits?|text"
    r"|mitarbeit|redaktion|autor(?:in)?)\s*:\s*(?P<rest>.*?)[)\]]?$",
    re.IGNORECASE,
)
_CREDIT_HINT_RE = re.compile(
    r"/|\||©|\b(?:dpa|afp|ap|reuters|imago|getty|picture alliance|istock|shutterstock|privat"
    r"|archiv|keystone|epa|kna|unsplash|pixabay)\b",
    re.IGNORECASE,
)
_SYMBOL_CREDIT_RE = re.compile(r"^(?:symbolbild|archivbild|symbolfoto|foto|bild)\s*\.?$", re.I)


def is_boilerplate(line: str) -> bool:
    """True when ``line`` is news-site boilerplate rather than article text.

    Recognised: related-article teasers ("Mehr zum Thema – …", "Lesen Sie auch: …"), comment and
    sharing prompts ("Schreibe einen Kommentar", "Teilen Sie diesen Artikel", "Folgen Sie uns
    auf …"), newsletter and cookie prompts, copyright lines, photo and agency credits
    ("Foto: dpa", "Bild: …/dpa"), ads ("Anzeige") and tag lists. The patterns are anchored at the
    start of the line and mostly need the line to be short, so that a real sentence that happens to
    start with such words ("Mehr zum Thema Rente sagte er nicht.") is not flagged.
    """
    s = line.strip()
    if not s or len(s) > 300:
        return False
    for rx in _BOILERPLATE_RES:
        if rx.search(s):
            return True
    m = _CREDIT_RE.match(s)
    if m:
        rest = m.group("rest").strip()
        words = rest.split()
        if not words or s[-1] in "!?":
            return False
        if len(words) <= 4 and not rest.endswith(".") or _CREDIT_HINT_RE.search(rest):
            return len(words) <= 12
        return False
    return bool(_SYMBOL_CREDIT_RE.match(s))
