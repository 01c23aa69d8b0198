"""Word lists for the German sentence splitter: abbreviations, closed-class words, months.

Every abbreviation carries a *level* that says how a period after it can end a sentence.

Case is part of an abbreviation. German writes adjective and adverb abbreviations in lower case
(``schweiz.`` schweizerisch, ``franz.`` französisch, ``sog.`` sogenannt, ``max.`` maximal) and
capitalises them only where a sentence starts; mid-sentence, the capitalised letters are the noun
or name they resemble (*die Schweiz*, *Franz*, *der Sog*, *Max*, *der Pol*, *Phil*, *der Span*).
So a lower-case entry matches a capitalised word only at the start of a sentence (the splitter
checks that). The reverse class — a capitalised abbreviation that is also a German noun or name —
is listed in :data:`NUMBER_BOUND` (read as the abbreviation only next to a number: ``Art. 5``,
*eine bedrohte Art.*) or given the ``CLOSED`` level (``Abt.``: *die Abt. Verkehr*, *der Abt. Er
…*). Audited over the whole list: no other entry is also a common word (``Bio.`` and ``Mär.`` are
``CLOSED`` anyway).
"""

from __future__ import annotations

# How a period after a word can end a sentence.
NEVER = 0  # never: a title, a particle of a multi-part abbreviation, a unit prefix before numbers
CLOSED = 1  # only before a closed-class word (article, pronoun, conjunction, adverb …)
UPPER = 2  # before any capital, digit or opening quote: an ordinary sentence end

ABBREVIATIONS: dict[str, int] = {}


def _add(level: int, words: str) -> None:
    for w in words.split():
        ABBREVIATIONS[w] = level


# Abbreviations that never end a sentence in news text (titles, "zum Beispiel", references …).
_add(
    NEVER,
    """
    Dr. Prof. Hr. Hrn. Fr. Frl. Mr. Mrs. Ms. Mme. Mlle. Hl. hl. St. Sta. Ste. Pfr. Lt. Maj.
    Kpt. Kapt. Hptm. Oberstlt. Sgt. Dipl. Ing. Dipl.-Ing. Dipl.-Kfm. Dipl.-Psych. Mag. Lic. Med.
    med. dent. vet. phil. rer. nat. pol. oec. jur. theol. habil. h.c. c. Nr. Nrn. No. Str. Pl.
    z.B. z.T. z.Z. z.Zt. zzt. u.a. u.U. u.E. m.E. m.W. d.h. d.i. i.d.R. i.A. i.V. i.S. i.S.v.
    i.e. i.W. a.d. o.g. s.o. s.u. v.a. z.Hd. z.K. s. u. o. v. vs. bzw. ca.
    Ca. vgl. Vgl. sog. ggf. evtl. eventl. inkl. exkl. zzgl. abzgl. bzgl. bspw. insb. insbes. ggü.
    gem. lt. geb. gest. gegr. verh. verw. Abs. Art. Bd. Bde. Bsp. Kap. Ziff. Tab. Abb.
    Anm. Aufl. Ausg. Hrsg. Hg. hrsg. Tel. Fax. Kto. BLZ. Mob. Reg. Bez. Reg.-Bez. Lkr. Ldkr.
    Kr. Obb. Opf. Ofr. Mfr. Ufr. Hbf. Bhf. rd. Rd. max. min. mind. Mind. urspr. zus. zw. zit.
    näml. od. resp. bes. dt. engl. franz. frz. ital. span. russ. österr. schweiz. amerik.
    europ. kath. ev. evang. luth. ref. röm. griech. lat. hebr. arab. chin. jap. poln. türk.
    stellv. Stellv. Vors. Vorst. Präs. Vizepräs. Gf. Ges. Verf. Hrsg. ehem. Ehem. jun. sen.
    jr. Jr. Sr. Sen. Betr. Zi. Whg. Pkt. Pos. Aktz. Az. Aktenz. Best.-Nr. Tsd. ff. f. Fa.
    Gebr. Kl. Kfm. tägl. wöchentl. monatl. jährl. zul. erf. erg. Erg. Jg. Jhg. Jgg. Jahrg. Lfg.
    """,
)
# Abbreviations that end a sentence before a closed-class word (``… 3 Mio. Die Kosten …``).
_add(
    CLOSED,
    """
    Mio. Mrd. Bio. Mill. Std. Min. Sek. Jh. Jhd. Jhdt. Chr. v.Chr. n.Chr. v.u.Z. u.Z. e.V. Co.
    Ltd. Inc. Corp. Bros. Jan. Feb. Febr. Mär. Apr. Jun. Jul. Aug. Sep. Sept. Okt. Nov. Dez.
    Mo. Di. Mi. Do. Sa. u.v.a. a.M. i.Br. a.D. i.R. Abt.
    """,
)
# Abbreviations that mostly end a list, hence often a sentence (``… Bier usw. Dann …``).
_add(UPPER, "etc. usw. usf. u.ä. o.ä. u.Ä. o.Ä. u.v.m. u.s.w. dgl. desgl. u.dgl.")

# Capitalised abbreviations that are also a noun or a name: the abbreviation only next to a
# number (``Art. 5``, ``Art. IV``, ``Kap. 3``, ``Tab. 2``, ``Fax. 030 …``, ``Mob. 0171 …``,
# ``3. Jan.``, ``Jan. 2025``); elsewhere the noun or name (*eine bedrohte Art.*, *um das Kap.*,
# *ein Fax.*, *ein wütender Mob.*, *im neuen Tab.*, *Jan.*), whose period ends a sentence as any
# word's does.
NUMBER_BOUND = frozenset("Art. Kap. Tab. Fax. Mob. Jan.".split())

MONTHS = frozenset(
    """Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November
    Dezember Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez""".split()
)

# Words that start a sentence but can never follow an ordinal number, a title or an initial:
# articles, pronouns, conjunctions, prepositions, sentence adverbs.
STARTERS = frozenset(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Kein Keine Keinen Keinem Keiner
    Er Sie Es Wir Ich Du Ihr Man Mir Mich Uns Ihm Ihn Ihnen Dies Diese Dieser Dieses Diesen Diesem
    Jene Jener Jenes Jeder Jede Jedes Jeden Alle Alles Allen Viele Vieles Manche Mancher Einige
    Mehrere Beide Beiden Andere Anderen Niemand Jemand Nichts Etwas Wer Was Wie Wo Wann Warum
    Weshalb Wieso Woher Wohin Welche Welcher Welches Wem Wen Wessen Worauf Womit Wozu Sein Seine
    Seinen Seinem Seiner Ihre Ihren Ihrem Ihrer Unser Unsere Unseren Mein Meine Dein Deine Euer
    Und Aber Doch Denn Oder Sondern Jedoch Allerdings Dennoch Trotzdem Zudem Außerdem Ausserdem
    Auch Zwar Also Daher Darum Deshalb Deswegen Dann Danach Dabei Dafür Dagegen Damit Darauf
    Daraufhin Darüber Davon Dazu Dadurch Davor Dahinter Danach Damals Da Dort Hier Heute Gestern
    Morgen Jetzt Nun Noch Schon Bereits Immer Nie Niemals Oft Manchmal Bisher Bislang Inzwischen
    Mittlerweile Zuletzt Zuvor Vorher Nachher Später Seither Seitdem Sofort Bald Endlich Erst
    Nur So Sonst Ebenso Ebenfalls Gleichzeitig Zugleich Zunächst Anschließend Schließlich Letztlich
    Insgesamt Tatsächlich Offenbar Offensichtlich Vermutlich Wahrscheinlich Möglicherweise
    Vielleicht Natürlich Immerhin Freilich Ja Nein Nicht Gerade Eben Etwa Rund Fast Kaum Sehr
    Als Wenn Weil Obwohl Obgleich Während Nachdem Bevor Ehe Bis Seit Sobald Solange Sofern Falls
    Ob Dass Daß Indem Damit Um Ohne Statt Anstatt
    In Im Ins Am An Ans Auf Aus Bei Beim Mit Nach Von Vom Zu Zum Zur Für Gegen Unter Über Vor
    Hinter Neben Zwischen Durch Laut Trotz Wegen Ab Gemäß Dank Innerhalb Außerhalb Seitens
    Angesichts
    Mehr Weitere Weiteres Zahlreiche Wenige Wenig Viel Ganz Genau Besonders
    """.split()
)

# Lower-case words a heading does not end with (a line that ends with one is wrapped prose).
NO_HEADING_END = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder aber sowie wie als
    mit von zu zum zur im in ins am an auf aus bei beim nach vom für gegen unter über vor hinter
    neben zwischen durch um ohne bis seit dass daß ob wenn weil sich sie er es wir ihr ihre sein
    seine nicht auch noch nur so sehr werden wird wurde wurden hat haben ist sind war waren
    andere anderen dieser diese dieses diesen jeder jede""".split()
)

ORDINAL_CUES = frozenset(
    """der die das den dem des am im zum zur vom beim ihr ihre ihrem ihren sein seine seinem
    seinen seines ihres dieser diese dieses diesem diesen""".split()
)
