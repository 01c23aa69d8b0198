"""Localisation of the English edition for a target locale (en-US, en-GB, …).

    parse_locale("en-GB", language="en") ─► LocaleSpec(tag, babel locale)
    localize_quotes(text, style)          ─► text with the locale's quotation marks
    find_values(german)                   ─► [SourceValue]   (dates, times, numbers, money, …)
    check_values(german, english, spec)   ─► (english, [ValueResult])   verify, correct or flag

Modules: ``locales`` (tags, validation, lookup order), ``quotes`` (quotation-mark table and
rewriting), ``german_values`` (recognising values in German news text), ``english_forms``
(the renderings English news in a locale uses, built from Babel's data), ``values``
(checking a translation against the source's values).
"""

#: Bumped when recognition, checking or quotation rules change: part of the memory key.
LOCALIZE_VERSION = "localize-2"
