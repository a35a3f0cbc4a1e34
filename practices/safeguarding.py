"""Do-no-harm scan: finds data in a practice's text that could identify a victim or survivor.

The scan only flags; an editor reads each finding before publishing. Good-practice text is full of
figures, years, budgets and citations, so every rule leans towards few false alarms on such text, at
the price of missing unusual formats (an editor still reads the whole practice).

Offsets are those of the text as given: nothing is normalised before matching, and `\\d` matches the
decimal digits of every script (Arabic-Indic, Devanagari, full-width).
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

EMAIL = "email"
PHONE = "phone"
ID_NUMBER = "id_number"
STREET_ADDRESS = "street_address"
DATE_OF_BIRTH = "date_of_birth"
KINDS = (EMAIL, PHONE, ID_NUMBER, STREET_ADDRESS, DATE_OF_BIRTH)

_CONTEXT_CHARS = 30
_KEYWORD_WINDOW = 30


@dataclass(frozen=True)
class Finding:
    kind: str
    excerpt: str
    start: int
    end: int
    source: str = ""


def scan_text(text: str, *, source: str = "") -> list[Finding]:
    """Return the identifying data found in `text`, by start offset, at most one finding per span."""
    spans = [*_emails(text), *_numbers(text), *_alphanumeric_ids(text), *_addresses(text), *_birth_dates(text)]
    spans = _without_overlaps(spans)
    masked = _masked(text, spans)
    return [Finding(kind, _excerpt(masked, start, end), start, end, source) for start, end, kind in spans]


# --- shared pieces ------------------------------------------------------------------------------

_SP = "[ \u00a0\u202f\u2009]"  # the spaces people put inside numbers
_LATIN_OR_CYRILLIC = "A-Za-z\u00c0-\u024f\u0400-\u04ff"
# Letters of scripts that separate words with spaces; CJK is left out because it glues digits to words.
_NOT_AFTER_WORD = rf"(?<![0-9{_LATIN_OR_CYRILLIC}_])(?<!\d)"
_NOT_BEFORE_WORD = rf"(?![0-9{_LATIN_OR_CYRILLIC}_])(?!\d)"


def _keywords(latin: str, other: str = "", *, case_sensitive: str = "") -> re.Pattern[str]:
    """Keywords in Latin or Cyrillic script must be whole words; Arabic, CJK and Devanagari ones need not."""
    parts = [rf"(?i:(?<![^\W\d_])(?:{latin})(?![^\W\d_]))"]
    if case_sensitive:
        parts.append(rf"(?<![^\W\d_])(?:{case_sensitive})(?![^\W\d_])")
    if other:
        parts.append(rf"(?i:{other})")
    return re.compile("|".join(parts))


def _last_match_end(pattern: re.Pattern[str], window: str) -> int:
    ends = [m.end() for m in pattern.finditer(window)]
    return ends[-1] if ends else -1


def _ascii_digits(value: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in value if c.isdecimal())


# --- e-mail -------------------------------------------------------------------------------------

_AT = r"(?:@|\s?[\[(]at[\])]\s?)"
_DOT = r"(?:\.|\s?[\[(]dot[\])]\s?)"
_EMAIL_RE = re.compile(
    rf"(?<![0-9A-Za-z._%+'-])[0-9A-Za-z_%+'-]+(?:\.[0-9A-Za-z_%+'-]+)*(?i:{_AT})"
    rf"(?:[0-9A-Za-z\u00c0-\u024f-]+(?i:{_DOT}))+[A-Za-z]{{2,}}(?![0-9A-Za-z-])"
)


def _emails(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _EMAIL_RE.finditer(text):
        yield m.start(), m.end(), EMAIL


# --- phone and ID numbers written with digits only -----------------------------------------------

_PAREN = r"\(\+?\d{1,4}\)"
_NUMBER_RUN_RE = re.compile(
    rf"(?<![0-9{_LATIN_OR_CYRILLIC}_@+/.,])(?<!\d)"
    rf"(?:\+{_SP}?)?(?:{_PAREN}{_SP}?|\d++)"
    rf"(?:(?:{_SP}?-{_SP}?|[./]|{_SP})?+(?:{_PAREN}{_SP}?|\d++))*+"
)

_PHONE_KEYWORDS = _keywords(
    r"tel|t[ée]l[ée]?phone|phone|cell(?:phone)?|mobile|portable|gsm|fax|whats ?app|viber|telegram|contact|"
    r"m[óo]vil|celular|tel[ée]fono|telefone|telem[óo]vel|тел|телефон\w*|моб|мобильн\w*|ватсап|вотсап",
    r"هاتف|جوال|موبايل|واتساب|تلفون|تليفون|محمول|电话|電話|手机|手機|微信|फ़ोन|फोन|मोबाइल|दूरभाष|व्हाट्सएप",
)
_ID_KEYWORDS = _keywords(
    r"passports?|passeports?|pasaportes?|passaportes?|reisepass|identity(?: card| number| document)?|"
    r"id(?:entification)? (?:card|number|no\.?)|carte d['’]identit[ée]|carte nationale|pi[èe]ce d['’]identit[ée]|"
    r"c[ée]dula|documento (?:de identidad|nacional)|bilhete de identidade|carteira de identidade|"
    r"social security|s[ée]curit[ée] sociale|seguridad social|seguran[çc]a social|national insurance|"
    r"aadhaa?r|residence permit|titre de s[ée]jour|permiso de residencia|паспорт\w*|удостоверени\w*|снилс|инн",
    r"جواز|الهوية|هوية|الرقم الوطني|رقم وطني|护照|護照|身份证|身份證|证件|पासपोर्ट|आधार|पहचान पत्र|मतदाता",
    case_sensitive=r"ID|I\.D\.|CIN|CNI|DNI|NIE|NIF|NIN|NINO|SSN|CPF|RG|CURP|PAN",
)
# A number right after these is a citation, a legal text or an organisation's own registration.
_REFERENCE_KEYWORDS = _keywords(
    r"isbn|issn|doi|pp?\.|pages?|vol\.|volume|nos?\.|nr\.?|n[°º]|art\.|article|para\.|ref\.?|reference|"
    r"grant|agreement|contract|project|resolution|law|loi|ley|lei|decree|d[ée]cret|decreto|decision|case|"
    r"affaire|caso|registration|registered|enregistr\w*|registro|siret|siren|rcs|ein|duns|iban|"
    r"закон\w*|постановлени\w*|приказ\w*|решени\w*",
    r"№|§|قانون|مرسوم|قرار|号文|अधिनियम",
)
_CURRENCY_BEFORE_RE = re.compile(
    rf"(?:[$€£¥₹₽₩₦₱]|\b(?:USD|EUR|GBP|CHF|JPY|CNY|RMB|INR|RUB|MAD|EGP|BRL|MXN|XOF|XAF|AED|SAR|R\$|Rs\.?|"
    rf"dollars?|euros?|dirhams?|rupees?|reais|pesos)|рубл\w*|евро|دولار|درهم|يورو|جنيه|ريال|美元|欧元|人民币|रुपये|रु\.?)"
    rf"{_SP}*$",
    re.IGNORECASE,
)
_AFTER_FIGURE_RE = re.compile(
    rf"{_SP}*(?:[%‰٪$€£¥₹₽]|(?:percent|per cent|pour ?cent|por ?ciento|por ?cento|процент\w*|प्रतिशत|"
    rf"USD|EUR|GBP|CHF|MAD|INR|RUB|BRL|dollars?|euros?|dirhams?|rupees?|reais|pesos|rubles?|рубл\w*|"
    rf"million|billion|milliards?|millions?|millones|milhões|млн|млрд)(?![^\W\d_])|美元|元|万|亿|مليون|دولار|درهم)",
    re.IGNORECASE,
)
_KEYWORD_GAP_RE = re.compile(
    r"[\s:.#№°º()-]*(?:(?i:no|nr|number|num[ée]ro|n[úu]mero|номер|رقم|号码|號碼|号|नंबर|संख्या)[\s:.#°º]*)?"
)
_THOUSANDS_SEPARATORS = {" ", "\u00a0", "\u202f", "\u2009", "."}


def _numbers(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _NUMBER_RUN_RE.finditer(text):
        raw = m.group().rstrip(" \u00a0\u202f\u2009")
        kind = _classify_number(text, m.start(), raw)
        if kind:
            yield m.start(), m.start() + len(raw), kind


def _classify_number(text: str, start: int, raw: str) -> str | None:
    groups = [_ascii_digits(g) for g in re.findall(r"\d+", raw)]
    digits = "".join(groups)
    if len(digits) < 8:
        return None
    end = start + len(raw)
    after = text[end : end + 20]
    if re.match(rf"[@/{_LATIN_OR_CYRILLIC}]", after) or _AFTER_FIGURE_RE.match(after):
        return None
    if _CURRENCY_BEFORE_RE.search(text[max(0, start - 12) : start]):
        return None
    if raw.startswith("+") or (len(groups[0]) >= 3 and groups[0].startswith("00") and groups[0][2] != "0"):
        national = digits[2:] if groups[0].startswith("00") else digits
        return PHONE if 8 <= len(national) <= 15 else None
    if _is_years(groups) or _is_dates(groups) or _is_enumeration(groups):
        return None

    window = text[max(0, start - _KEYWORD_WINDOW) : start]
    phone_at = _last_match_end(_PHONE_KEYWORDS, window)
    id_at = _last_match_end(_ID_KEYWORDS, window)
    thousands = _is_thousands(raw, groups)
    if max(phone_at, id_at) >= 0:
        near = PHONE if phone_at > id_at else ID_NUMBER
        # "Tel: 612 345 678" is a phone; "contact with 612 345 678 people" is a figure.
        if thousands and not _KEYWORD_GAP_RE.fullmatch(window[max(phone_at, id_at) :]):
            return None
        return near if len(digits) <= (15 if near == PHONE else 20) else None
    if _REFERENCE_KEYWORDS.search(window) or thousands or _is_isbn13(digits):
        return None

    shape = tuple(len(g) for g in groups)
    separators = re.sub(rf"{_SP}", " ", re.sub(r"\d+", "#", raw))
    if "(" in raw:
        return PHONE if _is_area_code_phone(raw, groups) else None
    if groups[0].startswith("0") and len(groups[0]) >= 2 and 9 <= len(digits) <= 12:
        return PHONE  # a national trunk prefix: 06 12 34 56 78, 020 7946 0958, 0661-234567
    if _is_national_mobile(shape, groups, separators):
        return PHONE
    if shape == (3, 2, 4) and separators == "#-#-#":
        return ID_NUMBER  # US social security number
    if shape == (3, 3, 3, 2) and separators == "#.#.#-#":
        return ID_NUMBER  # Brazilian CPF
    if len(groups) == 1 and 9 <= len(digits) <= 20:
        if re.fullmatch(r"1[3-9]\d{9}|[6-9]\d{9}", digits):
            return PHONE  # a Chinese or an Indian mobile written without spaces
        # Round figures ("1500000000") are amounts, not identifiers.
        return None if digits.endswith("00000") else ID_NUMBER
    return None


def _is_years(groups: list[str]) -> bool:
    return all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups)


def _is_date(day_month_year: tuple[str, ...]) -> bool:
    a, b, c = (int(g) for g in day_month_year)
    lengths = tuple(len(g) for g in day_month_year)
    if lengths[0] == 4:
        return 1 <= b <= 12 and 1 <= c <= 31
    if lengths[2] in (2, 4) and max(lengths[:2]) <= 2:
        return 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
    return False


def _is_dates(groups: list[str]) -> bool:
    """A date, or a range of dates, such as 2021-06-30 or 01.03.20 - 30.06.20."""
    if len(groups) % 3:
        return False
    return all(_is_date(tuple(groups[i : i + 3])) for i in range(0, len(groups), 3))


def _is_enumeration(groups: list[str]) -> bool:
    """Numbered items pulled from a table (01 02 03 04 05) are not a phone number."""
    values = [int(g) for g in groups]
    return len(groups) >= 4 and all(b - a == 1 for a, b in zip(values, values[1:], strict=False))


def _is_thousands(raw: str, groups: list[str]) -> bool:
    separators = set(re.findall(r"\D+", raw))
    return (
        len(groups) >= 2
        and len(separators) == 1
        and separators <= _THOUSANDS_SEPARATORS
        and len(groups[0]) <= 3
        and not groups[0].startswith("0")
        and all(len(g) == 3 for g in groups[1:])
    )


def _is_isbn13(digits: str) -> bool:
    if len(digits) != 13 or not digits.startswith(("978", "979")):
        return False
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0


def _is_area_code_phone(raw: str, groups: list[str]) -> bool:
    """(555) 123-4567, 8 (495) 123-45-67, (11) 91234-5678; not "UNODC (2020) 2 500"."""
    match = re.fullmatch(rf"(?:\d{{1,3}}{_SP}?)?\((\d{{1,4}})\){_SP}?(\d[\d \u00a0\u202f\u2009.-]*)", raw)
    if not match or _is_years([_ascii_digits(match.group(1))]):
        return False
    rest = match.group(2)
    rest_groups = [_ascii_digits(g) for g in re.findall(r"\d+", rest)]
    return 6 <= len("".join(rest_groups)) <= 10 and not _is_thousands(rest, rest_groups)


def _is_national_mobile(shape: tuple[int, ...], groups: list[str], separators: str) -> bool:
    """Layouts that figures and tables do not produce, each tied to the digits that start it."""
    first = groups[0][0]
    if shape == (3, 3, 4) and separators in ("#-#-#", "#.#.#"):
        return first in "23456789"  # United States and Canada
    if shape == (3, 2, 2, 2) and " " in separators:
        return first in "6789"  # Spain
    if shape == (3, 3, 3) and separators == "#-#-#":
        return first in "6789"  # Spain
    if shape == (2, 3, 2, 2) and " " in separators:
        return first in "89"  # Spanish landline
    if shape == (3, 4, 4):
        return groups[0][:2] in {"13", "14", "15", "16", "17", "18", "19"}  # China
    if shape == (5, 5) and separators == "# #":
        return first in "6789"  # India
    if shape in ((1, 3, 3, 2, 2), (3, 3, 2, 2)):
        return groups[0] in ("7", "8") or (len(shape) == 4 and first == "9")  # Russia
    if shape == (5, 4) and separators == "#-#":
        return first == "9"  # Brazilian mobile
    return False


# --- ID numbers with letters ---------------------------------------------------------------------

_ALPHANUMERIC_ID_RE = re.compile(
    rf"{_NOT_AFTER_WORD}(?:"
    r"(?P<china>[0-9]{17}[0-9X])"
    r"|(?P<curp>[A-Z]{4}[0-9]{6}[HM][A-Z]{5}[A-Z0-9][0-9])"
    r"|(?P<dni>[0-9]{8})-?(?P<dni_letter>[A-Z])"
    r"|(?P<nie>[XYZ])-?(?P<nie_digits>[0-9]{7})-?(?P<nie_letter>[A-Z])"
    r"|(?P<french_passport>[0-9]{2}[A-Z]{2}[0-9]{5})"
    r"|(?P<letters>[A-Z]{1,2})(?P<gap>[ -]?)(?P<number>[0-9]{5,9})"
    rf"){_NOT_BEFORE_WORD}"
)
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _alphanumeric_ids(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _ALPHANUMERIC_ID_RE.finditer(text):
        if _is_alphanumeric_id(m, text):
            yield m.start(), m.end(), ID_NUMBER


def _is_alphanumeric_id(m: re.Match[str], text: str) -> bool:
    has_keyword = bool(_ID_KEYWORDS.search(text[max(0, m.start() - _KEYWORD_WINDOW) : m.start()]))
    if m["china"]:
        weights = [2 ** (17 - i) % 11 for i in range(17)]
        check = "10X98765432"[sum(int(d) * w for d, w in zip(m["china"][:17], weights, strict=True)) % 11]
        return check == m["china"][-1] or has_keyword
    if m["dni"]:
        return _DNI_LETTERS[int(m["dni"]) % 23] == m["dni_letter"] or has_keyword
    if m["nie"]:
        number = int("XYZ".index(m["nie"]) * 10**7 + int(m["nie_digits"]))
        return _DNI_LETTERS[number % 23] == m["nie_letter"] or has_keyword
    if m["letters"]:
        # "AB1234567" is a passport number; "AB 123456" or "BK12345" only right after "passport", "CIN"...
        return has_keyword or (not m["gap"] and len(m["number"]) >= 7)
    return True


# --- street addresses ----------------------------------------------------------------------------

_CAP = "A-ZÀ-ÖØ-Þ"
_HOUSE_NUMBER = r"(?P<number>\d{1,5})"
_ARABIC_WORD = "[\u0621-\u065f\u066e-\u06d3]+"  # letters only: the Arabic block also holds digits and commas
_ADDRESS_RES = [
    # 221B Baker Street, 12-14 Kings Road
    re.compile(
        rf"(?<![\w.,]){_HOUSE_NUMBER}[A-Za-z]?(?:-\d{{1,5}})?,?{_SP}+(?:[{_CAP}][\w'’.-]*{_SP}+){{1,4}}"
        r"(?:Street|[Ss]treet|St\.?|Road|road|Rd\.?|Avenue|avenue|Ave\.?|Lane|Boulevard|Blvd\.?|Drive|"
        r"Highway|Terrace|Crescent)(?!\w)"
    ),
    # 12 rue de la Paix, 5 bis avenue Victor Hugo
    re.compile(
        rf"(?<![\w.,]){_HOUSE_NUMBER}(?:{_SP}?(?:bis|ter)|[A-Za-z])?,?{_SP}+"
        r"(?i:rue|avenue|av\.|boulevard|bd|chemin|impasse|all[ée]e|place|quai|route)"
        rf"{_SP}+(?:(?:de la|de l['’]|du|des|de|d['’]|la|le|les|l['’]){_SP}*)?[{_CAP}][\w'’-]+"
    ),
    # Calle Mayor 5, Rua Augusta, 123, Avenida Paulista nº 1578
    re.compile(
        r"(?<!\w)(?i:calle|c/|avenida|avda\.?|av\.|paseo|plaza|carrera|camino|carretera|ronda|traves[íi]a|"
        r"rua|r[úu]a|pra[çc]a|travessa|estrada|alameda)"
        rf"{_SP}+(?:(?:de la|de los|de las|del|de|da|do|dos|das){_SP}+)?[{_CAP}][\w'’.-]*"
        rf"(?:{_SP}+(?:(?:de|del|la|los|las|da|do|dos|das|e|y){_SP}+)?[{_CAP}][\w'’.-]*){{0,3}}"
        rf",?{_SP}*(?:(?:n[º°o]\.?|n[úu]m\.?|n[úu]mero){_SP}*)?{_HOUSE_NUMBER}[A-Za-z]?(?!\d)"
    ),
    # Hauptstraße 5, Lindengasse 12a
    re.compile(rf"(?<!\w)[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|gasse|allee|weg|platz){_SP}+{_HOUSE_NUMBER}[a-z]?(?!\d)"),
    # ул. Ленина, д. 5; проспект Мира 12
    re.compile(
        r"(?<![^\W\d_])(?:ул\.|улиц[аеуы]|просп\.|проспект[аеу]?|пр-т|пер\.|переул(?:ок|ке|ка)|бульвар[аеу]?|"
        r"б-р|шоссе|наб\.|набережн(?:ая|ой)|пл\.|площад[ьи])"
        rf"{_SP}*[А-ЯЁ][а-яё-]+(?:{_SP}+[А-ЯЁа-яё][а-яё-]+){{0,2}},?{_SP}*(?:(?:д\.|дом){_SP}*)?{_HOUSE_NUMBER}"
        r"(?!\d)"
    ),
    # 15 شارع الحرية / شارع الحرية رقم 15 / زنقة ... 12
    re.compile(
        rf"(?<![\u0600-\u06ff])(?:شارع|زنقة)\s+(?:{_ARABIC_WORD}\s+){{0,2}}{_ARABIC_WORD}\s*[،,]?\s*"
        rf"(?:(?:رقم|عمارة|بناية|منزل)\s*)?{_HOUSE_NUMBER}(?!\d)"
    ),
    re.compile(rf"(?<!\d){_HOUSE_NUMBER}\s*[،,]?\s*(?:شارع|زنقة)\s+{_ARABIC_WORD}"),
    # 南京东路100号, 皇后大道中99號
    re.compile(
        r"(?:(?![在于於住到从是的她他和与])[\u4e00-\u9fff]){1,6}(?:路|街|大道|大街|巷|弄|道)[东西南北中]?\s*"
        r"(?P<number>\d{1,5}|[一二三四五六七八九十百〇零]{1,6})\s*(?:号|號)"
    ),
    # मकान नं. 12, गली नंबर 5; House No. 12
    re.compile(
        rf"(?:मकान|घर|फ्लैट|गली|प्लॉट|(?<!\w)(?i:house|flat|apartment|apt\.?|plot))\s*"
        rf"(?i:नं\.?|नंबर|संख्या|no\.?|number|#)\s*{_HOUSE_NUMBER}(?!\d)"
    ),
    re.compile(rf"(?<!\d){_HOUSE_NUMBER}\s*,?\s*[\u0900-\u097f]+\s+(?:मार्ग|रोड|सड़क|गली)"),
]


def _addresses(text: str) -> Iterator[tuple[int, int, str]]:
    for pattern in _ADDRESS_RES:
        for m in pattern.finditer(text):
            number = m["number"]
            # "In 2019 Wall Street banks...": a house number that reads as a year is taken for one.
            if number.isdecimal() and len(number) == 4 and _is_years([_ascii_digits(number)]):
                continue
            yield m.start(), m.end(), STREET_ADDRESS


# --- dates of birth ------------------------------------------------------------------------------

# Month names as written in dates, with the genitive forms Russian uses; "|" separates them.
_MONTHS_BY_LANGUAGE = {
    "en": "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec",
    "fr": "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre",
    "es": "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre",
    "pt": "janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro",
    "ru": "января|январь|февраля|февраль|марта|март|апреля|апрель|мая|май|июня|июнь|июля|июль|августа|август|"
    "сентября|сентябрь|октября|октябрь|ноября|ноябрь|декабря|декабрь",
    "ar": "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|"
    "ماي|يوليوز|غشت|شتنبر|نونبر|دجنبر|جانفي|فيفري|أفريل|جوان|جويلية|أوت|"
    "كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول",
    "hi": "जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर",
}
_MONTHS = {name for names in _MONTHS_BY_LANGUAGE.values() for name in names.split("|")}
_MONTH = "(?:" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + r")\.?(?![^\W\d_])"
_NUMERIC_DATE = r"(?P<d1>\d{1,2})[./-](?P<d2>\d{1,2})[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
_DATE_RE = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号號])?"
    rf"|{_NUMERIC_DATE}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+)?{_MONTH}(?:,?\s*(?:de\s+|del\s+)?\d{{4}})?"
    rf"|{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r")(?!\d)",
    re.IGNORECASE,
)
_BIRTH_BEFORE = _keywords(
    r"born|date of birth|birth ?date|d\.?o\.?b\.?|née?|né\(e\)|date de naissance|nacid[oa]|"
    r"fecha de nacimiento|nascid[oa]|data de nascimento|родил(?:ся|ась|ись)|дата рождения|день рождения",
    r"(?<![\u0600-\u06ff])(?:ولد|ولدت|مواليد|المولود|المولودة)(?![\u0600-\u06ff])|تاريخ الميلاد|تاريخ ميلاد|"
    r"出生|生于|生於|生日|जन्म",
)
_BIRTH_AFTER = _keywords(r"рождения|г\.\s?р\.|\(dob\)", r"出生|जन्म")
# The keyword and the date must sit in one clause ("born in Lagos; trained on 3 March 2020"), and no year may
# come between them ("born in 2015 and expanded on 12 June 2016").
_CLAUSE_BREAK_RE = re.compile(r"[;!?。؛\n]|\.\s|\d{4}")


def _birth_dates(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _DATE_RE.finditer(text):
        if m["d1"] and not _is_date((m["d1"], m["d2"], "2000")):
            continue
        before = text[max(0, m.start() - _KEYWORD_WINDOW - 10) : m.start()]
        keyword_end = _last_match_end(_BIRTH_BEFORE, before)
        near_before = keyword_end >= 0 and not _CLAUSE_BREAK_RE.search(before[keyword_end:])
        after = text[m.end() : m.end() + 15]
        keyword = _BIRTH_AFTER.search(after)
        near_after = keyword is not None and not _CLAUSE_BREAK_RE.search(after[: keyword.start()])
        if near_before or near_after:
            yield m.start(), m.end(), DATE_OF_BIRTH


# --- results -------------------------------------------------------------------------------------

_PRIORITY = {EMAIL: 0, DATE_OF_BIRTH: 1, ID_NUMBER: 2, PHONE: 3, STREET_ADDRESS: 4}


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The earliest and longest span wins, so one piece of text is reported once."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], s[0] - s[1], _PRIORITY[s[2]])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, kind))
    return kept


def _mask(kind: str, value: str) -> str:
    """Hide most of a match while keeping its length, so offsets in the masked text stay valid."""
    if kind == EMAIL:
        at = re.search(_AT, value, re.IGNORECASE)
        cut = at.start() if at else len(value)
        return value[0] + re.sub(r"\w", "*", value[1:cut]) + value[cut:]
    if kind in (DATE_OF_BIRTH, STREET_ADDRESS):
        return "".join("*" if c.isdecimal() or c in "一二三四五六七八九十百〇零" else c for c in value)
    keep_start, keep_end = (2, 2) if kind == PHONE else (1, 1)
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def _masked(text: str, spans: list[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, kind in spans:
        pieces += [text[position:start], _mask(kind, text[start:end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _excerpt(masked: str, start: int, end: int) -> str:
    left, right = max(0, start - _CONTEXT_CHARS), min(len(masked), end + _CONTEXT_CHARS)
    excerpt = " ".join(masked[left:right].split())
    return ("…" if left else "") + excerpt + ("…" if right < len(masked) else "")
