"""Phrase packs: their shape, and every phrase against a positive and a near miss.

Each phrase of each pack is tested with the filter that uses it, on a line
built the way that filter expects (the positive), and on the same words
placed where the filter must not act (the near miss): inside a sentence,
in a text too long for a banner, or with the phrase cut short. Beside the
generated cases, ``WRITTEN`` holds real-looking lines per language.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpage
from cleanpage import Pipeline
from cleanpage.lang import detect
from cleanpage.phrases import languages, pack

LANGS = languages()
EXPECTED = ("ar", "de", "en", "es", "fr", "id", "it", "ja", "nl", "pl", "pt", "ru", "tr", "uk", "zh")
UNSPACED = ("zh", "ja")

#: One sentence of running news prose per language, written for these tests.
SENTENCE = {
    "en": "The council voted on Tuesday to extend the tram line to the northern suburbs after a long consultation.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die Straßenbahnlinie bis in die nördlichen Vororte zu verlängern.",
    "fr": "Le conseil municipal a voté mardi le prolongement de la ligne de tramway vers les quartiers nord de la ville.",
    "es": "El ayuntamiento aprobó el martes la ampliación de la línea de tranvía hasta los barrios del norte de la ciudad.",
    "it": ("Il consiglio comunale ha approvato martedì il prolungamento della linea del tram fino ai quartieri "
           "a nord della città."),
    "pt": "A câmara municipal aprovou na terça-feira a extensão da linha de elétrico até aos bairros do norte da cidade.",
    "nl": "De gemeenteraad heeft dinsdag besloten de tramlijn door te trekken naar de noordelijke wijken van de stad.",
    "pl": ("Rada miasta zdecydowała we wtorek o przedłużeniu linii tramwajowej do północnych dzielnic miasta "
           "po długich konsultacjach."),
    "ru": ("Городской совет во вторник одобрил продление трамвайной линии до северных районов города после "
           "долгих обсуждений."),
    "uk": ("Міська рада у вівторок схвалила продовження трамвайної лінії до північних районів міста після "
           "тривалих обговорень."),
    "tr": ("Belediye meclisi salı günü tramvay hattının şehrin kuzey mahallelerine kadar uzatılmasını uzun bir "
           "istişarenin ardından onayladı."),
    "ar": "وافق مجلس المدينة يوم الثلاثاء على تمديد خط الترام إلى الأحياء الشمالية من المدينة بعد مشاورات طويلة مع السكان.",
    "zh": "市议会周二投票决定将有轨电车线路延伸到城市北部郊区，此前与居民进行了长达两年的磋商。",
    "ja": "市議会は火曜日、住民との二年間にわたる協議を経て、路面電車の路線を市の北部郊外まで延長することを決めた。",
    "id": ("Dewan kota pada hari Selasa memutuskan untuk memperpanjang jalur trem ke pinggiran utara setelah "
           "konsultasi panjang dengan warga."),
}


def inside(lang: str, phrase: str) -> str:
    """``phrase`` in the middle of the language's sentence."""
    s = SENTENCE[lang]
    if lang in UNSPACED:
        return f"{s[:8]}{phrase}{s[8:]}"
    words = s.split()
    return " ".join([*words[:4], phrase, *words[4:]])


def long_text(lang: str, phrase: str) -> str:
    """``phrase`` inside a long paragraph (longer than any banner or footer line)."""
    return " ".join([SENTENCE[lang]] * 6 + [inside(lang, phrase)] + [SENTENCE[lang]] * 6)


def article(lang: str) -> list[str]:
    return [SENTENCE[lang]] * 12


def dropped(lines: list[str], name: str, lang: str) -> list[str]:
    """Reasons of the blocks filter ``name`` drops from the text of ``lines``."""
    result = cleanpage.extract("\n\n".join(lines), input="text", pipeline=Pipeline([name]), lang=lang)
    return [b.reason for b in result.blocks if b.dropped_by == name]


def cases() -> list[tuple[str, str, str, str]]:
    out = []
    for lang in LANGS:
        for section, keys in pack(lang).items():
            if section == "detect":
                continue
            for key, phrases in keys.items():
                out += [(lang, section, key, p) for p in phrases]
    return out


CASES = cases()


def _title(p: str) -> str:
    return p[:1].upper() + p[1:]


def positive(lang: str, section: str, key: str, p: str) -> tuple[list[str], str]:
    """Lines where ``p`` must be dropped, and the filter that must drop them."""
    s = SENTENCE[lang]
    table = {
        ("read_also", "labels"): ([f"{_title(p)}: {s}"], "read_also"),
        ("photo_credit", "markers"): ([f"{s} {p.upper()}"], "photo_credit"),
        ("photo_credit", "labels"): ([f"{_title(p)}: Jane Doe"], "photo_credit"),
        ("photo_credit", "agencies"): ([f"The mayor at the tram depot. Jane Doe / {p.upper()}"], "photo_credit"),
        ("reply_form", "lines"): ([_title(p)], "reply_form"),
        ("ad_marker", "lines"): ([f"- {p.upper()} -"], "ad_marker"),
        ("share_prompt", "lines"): ([_title(p)], "share_prompt"),
        ("share_prompt", "prefixes"): ([f"{_title(p)} Facebook"], "share_prompt"),
        ("cookie_notice", "phrases"): ([f"{_title(p)}. OK"], "cookie_notice"),
        ("article_end", "lines"): ([*article(lang), _title(p), s], "article_end"),
        ("page_chrome", "skip_links"): ([_title(p)], "skip_link"),
        ("page_chrome", "legal"): ([f"{_title(p)} | {_title(p)}"], "legal_line"),
        ("page_chrome", "rights_reserved"): ([f"2024 Example Media. {_title(p)}."], "legal_line"),
        ("page_chrome", "counters"): ([f"12 {p}"], "share_counter"),
        ("page_chrome", "pagination"): ([f"« 1 2 3 {p} »"], "pagination"),
        ("byline", "authors"): ([f"{_title(p)} Anna Novak"], "byline"),
        ("byline", "months"): ([f"2024年{p}3日" if lang in UNSPACED else f"3 {p} 2024"], "byline"),
    }
    return table[(section, key)]


def near_miss(lang: str, section: str, key: str, p: str) -> list[str]:
    """Lines with the same words that the filter must keep."""
    if (section, key) in (("cookie_notice", "phrases"), ("page_chrome", "rights_reserved")):
        return [long_text(lang, p)]
    if (section, key) == ("photo_credit", "markers"):
        return [inside(lang, p[: len(p) // 2].strip())]
    if (section, key) == ("photo_credit", "agencies"):
        return [inside(lang, p)]
    if (section, key) == ("byline", "months"):
        return [inside(lang, f"3 {p} 2024")]
    if (section, key) == ("byline", "authors"):
        return [f"{_title(p)} " + SENTENCE[lang][0].lower() + SENTENCE[lang][1:].rstrip(".。")]
    if section == "article_end":
        return [*article(lang), inside(lang, p), SENTENCE[lang]]
    return [inside(lang, p)]


def test_every_language_has_a_pack() -> None:
    assert set(EXPECTED) <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_pack_has_the_sections_and_keys_of_english(lang: str) -> None:
    en, other = pack("en"), pack(lang)
    assert {s: set(k) for s, k in other.items()} == {s: set(k) for s, k in en.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_phrases_are_lower_case_trimmed_and_unique(lang: str) -> None:
    for section, keys in pack(lang).items():
        for key, phrases in keys.items():
            assert phrases, f"{lang}: {section}.{key} is empty"
            for p in phrases:
                assert p == p.strip() and p == p.lower(), f"{lang}: {section}.{key}: {p!r}"
            assert len(set(phrases)) == len(phrases), f"{lang}: {section}.{key} has duplicates"


@pytest.mark.parametrize(("lang", "section", "key", "phrase"), CASES)
def test_phrase_positive(lang: str, section: str, key: str, phrase: str) -> None:
    lines, name = positive(lang, section, key, phrase)
    assert dropped(lines, name, lang), f"{name} kept {lines!r}"


@pytest.mark.parametrize(("lang", "section", "key", "phrase"), CASES)
def test_phrase_near_miss(lang: str, section: str, key: str, phrase: str) -> None:
    _, name = positive(lang, section, key, phrase)
    lines = near_miss(lang, section, key, phrase)
    assert not dropped(lines, name, lang), f"{name} dropped from {lines!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_detects_the_language_of_its_sentence(lang: str) -> None:
    assert detect(" ".join([SENTENCE[lang]] * 2)) == lang


#: Real-looking lines per language: (line, filter that drops it, a near miss it keeps).
WRITTEN = {
    "en": [("READ MORE: Council delays vote on tram fares", "read_also",
            "Read more slowly, the teacher told the class."),
           ("Sign up for our newsletter", "share_prompt", "Sign up for the course closes on Friday, officials said.")],
    "de": [("Mehr zum Thema: Neue Radwege in der Innenstadt", "read_also",
            "Mehr zum Thema Radwege will die Stadt im Herbst sagen."),
           ("ANZEIGE", "ad_marker", "Die Anzeige erschien am Montag in der Lokalzeitung.")],
    "fr": [("À lire aussi : La mairie reporte le vote sur les tarifs", "read_also",
            "À lire aussi attentivement, le rapport compte cent pages."),
           ("Publicité", "ad_marker", "La publicité pour le tramway a coûté cher à la ville.")],
    "es": [("Lee también: El ayuntamiento aplaza la votación", "read_also",
            "Lee también los informes anteriores antes de votar, pidió la oposición."),
           ("Síguenos en Twitter", "share_prompt", "Los vecinos siguen en contra del proyecto del tranvía.")],
    "it": [("Leggi anche: Il comune rinvia il voto sulle tariffe", "read_also",
            "Leggi anche tu il rapporto, ha detto il sindaco ai consiglieri."),
           ("Pubblicità", "ad_marker", "La pubblicità del tram è costata molto al comune.")],
    "pt": [("Leia também: Câmara adia votação das tarifas", "read_also",
            "Leia também com atenção o relatório, pediu a oposição."),
           ("Continua após a publicidade", "ad_marker", "A publicidade do elétrico custou caro à câmara.")],
    "nl": [("Lees ook: Gemeente stelt stemming over tarieven uit", "read_also",
            "Lees ook het rapport eens goed door, zei de wethouder."),
           ("Advertentie", "ad_marker", "De advertentie voor de tram kostte de gemeente veel geld.")],
    "pl": [("Czytaj też: Rada odkłada głosowanie w sprawie cen biletów", "read_also",
            "Czytaj też raport uważnie, prosiła opozycja radnych."),
           ("REKLAMA", "ad_marker", "Reklama tramwaju kosztowała miasto dużo pieniędzy.")],
    "ru": [("Читайте также: Совет отложил голосование по тарифам", "read_also",
            "Читайте также внимательно доклад, попросила оппозиция."),
           ("Реклама", "ad_marker", "Реклама трамвая обошлась городу дорого.")],
    "uk": [("Читайте також: Рада відклала голосування щодо тарифів", "read_also",
            "Читайте також уважно доповідь, попросила опозиція."),
           ("Поділитися", "share_prompt", "Поділитися досвідом попросили мешканців району.")],
    "tr": [("Bunu da okuyun: Meclis ücret oylamasını erteledi", "read_also",
            "Bunu da okuyun diyerek raporu dağıttı belediye başkanı."),
           ("Reklam", "ad_marker", "Reklam kampanyası belediyeye pahalıya mal oldu.")],
    "ar": [("اقرأ أيضا: المجلس يؤجل التصويت على الأسعار", "read_also",
            "قال رئيس البلدية إن عليهم أن يقرأوا التقرير كاملا قبل التصويت."),
           ("إعلان", "ad_marker", "كلف الإعلان عن الترام البلدية الكثير من المال.")],
    "zh": [("相关阅读：市议会推迟票价表决", "read_also", "市长说相关阅读材料已经发给了每一位议员。"),
           ("广告", "ad_marker", "这则广告让市政府花费了大量资金。")],
    "ja": [("関連記事：市議会が運賃の採決を延期", "read_also", "市長は関連記事を議員全員に配ったと述べた。"),
           ("スポンサーリンク", "ad_marker", "路面電車の広告には多くの費用がかかった。")],
    "id": [("Baca juga: Dewan tunda pemungutan suara soal tarif", "read_also",
            "Baca juga laporan itu dengan teliti, kata wali kota kepada anggota dewan."),
           ("Iklan", "ad_marker", "Iklan trem itu menghabiskan banyak uang kota.")],
}


@pytest.mark.parametrize(("lang", "line", "name", "miss"),
                         [(lang, *row) for lang, rows in WRITTEN.items() for row in rows])
def test_written_examples(lang: str, line: str, name: str, miss: str) -> None:
    assert dropped([line], name, lang)
    assert not dropped([miss], name, lang)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_the_ascii_route_finds_what_the_general_pattern_finds(text: str) -> None:
    from cleanpage import lang

    folded = text.casefold()
    assert lang._words(folded) == lang._WORD.findall(folded)


@settings(max_examples=500)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=127), st.sampled_from("’“”–—…\u00a0éßİſ²٣Ωж中"),
                                  st.characters()), max_size=60))
def test_language_words_are_the_general_pattern_s(text: str) -> None:
    from cleanpage import lang

    folded = text.casefold()
    assert lang._words(folded) == lang._WORD.findall(folded)
