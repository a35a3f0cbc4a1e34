import pytest

from practices.safeguarding import (
    DATE_OF_BIRTH,
    EMAIL,
    ID_NUMBER,
    PHONE,
    STREET_ADDRESS,
    Finding,
    scan_text,
)

POSITIVES = [
    # e-mail addresses
    ("Write to j.doe@example.org for the case file.", EMAIL, "j.doe@example.org"),
    ("Contacter la survivante : amina.b+ong@correo-ejemplo.fr.", EMAIL, "amina.b+ong@correo-ejemplo.fr"),
    ("El correo de la víctima es maria (at) ong-ejemplo (dot) org", EMAIL, "maria (at) ong-ejemplo (dot) org"),
    ("البريد الإلكتروني: fatima.k@mail.example.ma", EMAIL, "fatima.k@mail.example.ma"),
    # phone numbers, international
    ("Her mobile is +33 6 12 34 56 78.", PHONE, "+33 6 12 34 56 78"),
    ("Appeler le +212 661-234567 après 18h.", PHONE, "+212 661-234567"),
    ("Call 0044 20 7946 0958 to reach her.", PHONE, "0044 20 7946 0958"),
    ("Его номер +7 (495) 123-45-67.", PHONE, "+7 (495) 123-45-67"),
    ("Número: +55 (11) 91234-5678", PHONE, "+55 (11) 91234-5678"),
    ("WhatsApp +91 98765 43210 only", PHONE, "+91 98765 43210"),
    # phone numbers, national
    ("Son portable : 06 12 34 56 78.", PHONE, "06 12 34 56 78"),
    ("Office line (555) 123-4567 after hours", PHONE, "(555) 123-4567"),
    ("Reach him at 555-123-4567.", PHONE, "555-123-4567"),
    ("тел. 8 (912) 345-67-89", PHONE, "8 (912) 345-67-89"),
    ("Su teléfono es 612 34 56 78", PHONE, "612 34 56 78"),
    ("Tel: 612 345 678", PHONE, "612 345 678"),
    ("电话：13800138000", PHONE, "13800138000"),
    ("联系她 138 0013 8000", PHONE, "138 0013 8000"),
    ("फ़ोन: 98765 43210", PHONE, "98765 43210"),
    ("الهاتف: ٠٦٦١٢٣٤٥٦٧", PHONE, "٠٦٦١٢٣٤٥٦٧"),
    # ID numbers
    ("passport AB1234567 was kept by the employer", ID_NUMBER, "AB1234567"),
    ("numéro de passeport 12AB34567", ID_NUMBER, "12AB34567"),
    ("pasaporte X 123456 retenido", ID_NUMBER, "X 123456"),
    ("SSN 123-45-6789", ID_NUMBER, "123-45-6789"),
    ("Her number 123-45-6789 was on the form", ID_NUMBER, "123-45-6789"),
    ("DNI 12345678Z", ID_NUMBER, "12345678Z"),
    ("con NIE X1234567L en vigor", ID_NUMBER, "X1234567L"),
    ("CIN: BK123456", ID_NUMBER, "BK123456"),
    ("NIN 12345678901", ID_NUMBER, "12345678901"),
    ("The file listed 4506123456 as her number.", ID_NUMBER, "4506123456"),
    ("паспорт 45 06 123456", ID_NUMBER, "45 06 123456"),
    ("护照号码 E12345678", ID_NUMBER, "E12345678"),
    ("身份证号11010519491231002X", ID_NUMBER, "11010519491231002X"),
    ("جواز سفر رقم A12345678", ID_NUMBER, "A12345678"),
    ("आधार संख्या 2345 6789 0123", ID_NUMBER, "2345 6789 0123"),
    ("CPF 123.456.789-09", ID_NUMBER, "123.456.789-09"),
    # street addresses
    ("Elle vivait au 12 rue de la Paix depuis 2018.", STREET_ADDRESS, "12 rue de la Paix"),
    ("Vive en la Calle Mayor 5, segundo piso.", STREET_ADDRESS, "Calle Mayor 5"),
    ("She was found at 221B Baker Street.", STREET_ADDRESS, "221B Baker Street"),
    ("Mora na Rua Augusta, 123 com a filha.", STREET_ADDRESS, "Rua Augusta, 123"),
    ("Endereço: Av. Paulista, 1578 - Bela Vista", STREET_ADDRESS, "Av. Paulista, 1578"),
    ("Проживает: ул. Ленина, д. 5", STREET_ADDRESS, "ул. Ленина, д. 5"),
    ("تسكن في شارع الحرية رقم 15", STREET_ADDRESS, "شارع الحرية رقم 15"),
    ("她住在南京东路100号", STREET_ADDRESS, "南京东路100号"),
    ("वह मकान नं. 12 में रहती है", STREET_ADDRESS, "मकान नं. 12"),
    # dates of birth
    ("She was born on 3 March 2001 in a village.", DATE_OF_BIRTH, "3 March 2001"),
    ("DOB: 12/05/1999", DATE_OF_BIRTH, "12/05/1999"),
    ("Elle est née le 12 mai 1999 à Rabat.", DATE_OF_BIRTH, "12 mai 1999"),
    ("nacida el 4 de junio de 2003", DATE_OF_BIRTH, "4 de junio de 2003"),
    ("data de nascimento: 1999-05-12", DATE_OF_BIRTH, "1999-05-12"),
    ("родилась 5 мая 2001 года", DATE_OF_BIRTH, "5 мая 2001"),
    ("تاريخ الميلاد: 12/05/1999", DATE_OF_BIRTH, "12/05/1999"),
    ("ولدت في 12 مايو 2001", DATE_OF_BIRTH, "12 مايو 2001"),
    ("她1998年5月3日出生", DATE_OF_BIRTH, "1998年5月3日"),
    ("जन्म तिथि: 12 मार्च 2001", DATE_OF_BIRTH, "12 मार्च 2001"),
]

NEGATIVES = [
    "The programme ran from 2019–2021 and again in 2022-2024.",
    "We reached 1 250 victims and trained 12,000 people.",
    "Some 12 500 000 people live in the region.",
    "Women were 35% of the 1 250 participants; 12.5 % of cases were children.",
    "The budget was USD 250,000, then EUR 1 500 000 and ₹ 1500000000.",
    "An estimated 1500000000 dollars moved through the network.",
    "Activities ran from 2020-03-01 to 2021-06-30.",
    "Du 01/03/2020 - 30/06/2020, puis du 01.09.2020 au 15.12.2020.",
    "Smith (2019), pp. 1234-1256; ISBN 978-92-1-130401-5; ISSN 2049-3630.",
    "See doi:10.18356/6d1a4b0c-en and https://example.org/report/123456789.",
    "Grant Agreement No. 101004535 funded the shelter.",
    "Loi n° 27.2004 et décret 2015-1234 du 23 mars 2015.",
    "Ley 4251/2014 y caso 2018/12345.",
    "The project started on 3 March 2020.",
    "Le projet a débuté le 3 mars 2020 et a été donné le 12 mai 2021.",
    "El proyecto comenzó el 15 de enero de 2019.",
    "Проект начался 5 мая 2019 года, 120 000 человек.",
    "بدأ المشروع في 12 مايو 2019 وشمل 1 250 ضحية.",
    "项目于2019年5月3日启动，覆盖12 500人。",
    "परियोजना 12 मार्च 2019 को शुरू हुई और 1 250 पीड़ितों तक पहुँची।",
    "Table 3: 1 250 12 500 3 400 120 45",
    "Items 01 02 03 04 05 were reviewed.",
    "Coordinates 48.8566 2.3522 and pi 3.14159265.",
    "UNODC (2020) 2 500 victims were identified in 2019 2020 2021.",
    "Security Council resolution 2331 (2016) and SDG 8.7, 5.2 and 16.2.",
    "The helpline ran 08.30-17.30 on weekdays under ISO 9001:2015.",
    "In 2019 Wall Street banks joined the initiative.",
    "Children born abroad were registered; training began on 3 March 2020.",
    "The initiative was born in 2015 and on 12 June 2016 it expanded to Tunisia.",
    "Adoptada en la Plaza Mayor 2019 por 14 países.",
    "Children living in the street since 2015 (أطفال الشوارع).",
    "H2020 and COVID-19 funding covered 14 countries.",
    "Made contact with 612 345 678 households in total.",
]


def _only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize("text, kind, matched", POSITIVES)
def test_finds_identifying_data(text, kind, matched):
    finding = _only(scan_text(text, source="description"))

    assert finding.kind == kind
    assert text[finding.start : finding.end] == matched
    assert finding.source == "description"


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_ordinary_figures_and_dates(text):
    assert scan_text(text) == []


def test_realistic_practice_paragraph_yields_nothing():
    text = (
        "Between 2019–2021 the Safe Routes programme reached 1 250 victims of trafficking and trained "
        "12,000 frontline workers in 14 countries (USD 250,000 from the EU, 35% of it for shelters). "
        "Calls to the national hotline rose from 3 400 in 2019 to 12 500 in 2021, an increase of 267 %. "
        "The project started on 3 March 2020, was evaluated on 2021-06-30 and scaled up in Phase 2 "
        "(2022-2024) with EUR 1 500 000. See UNODC, Global Report on Trafficking in Persons 2022, "
        "pp. 45-67, ISBN 978-92-1-130401-5; ILO (2022) estimates 27.6 million people in forced labour. "
        "Law No. 2003-239 and resolution 2331 (2016) frame the work; SDG targets 5.2, 8.7 and 16.2 apply. "
        "Du 01/03/2020 au 30/06/2020, 1 250 000 personnes ont été sensibilisées. El 15 de enero de 2019 "
        "se firmó el acuerdo n.º 2019/0456. В 2020 году 120 000 человек. 2019年共有12 500人参加。"
    )

    assert scan_text(text, source="description") == []


def test_paragraph_with_one_of_each_kind():
    text = (
        "The survivor, born on 3 March 2001, lives at 12 rue de la Paix and can be reached on "
        "+33 6 12 34 56 78 or j.doe@example.org; her passport AB1234567 is held by the shelter."
    )

    findings = scan_text(text, source="attachment: report.pdf")

    assert [f.kind for f in findings] == [DATE_OF_BIRTH, STREET_ADDRESS, PHONE, EMAIL, ID_NUMBER]
    assert [text[f.start : f.end] for f in findings] == [
        "3 March 2001",
        "12 rue de la Paix",
        "+33 6 12 34 56 78",
        "j.doe@example.org",
        "AB1234567",
    ]
    assert {f.source for f in findings} == {"attachment: report.pdf"}


def test_excerpt_shows_context_but_masks_the_match():
    text = "Notes from the intake interview. Write to j.doe@example.org or call +33 6 12 34 56 78 today."

    email, phone = scan_text(text)

    assert email.excerpt.startswith("…")
    assert "j.***@example.org" in email.excerpt
    assert "j.doe" not in email.excerpt
    # The neighbouring phone number is masked inside the e-mail's excerpt as well.
    assert "12 34 56" not in email.excerpt
    assert "+33 * ** ** ** 78" in phone.excerpt
    assert "interview" not in phone.excerpt


def test_findings_are_sorted_and_do_not_overlap():
    text = "DOB 12/05/1999, tel 0612345678, passport AB1234567, tel 0612345679, j@example.org"

    findings = scan_text(text)

    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))
    assert [f.kind for f in findings] == [DATE_OF_BIRTH, PHONE, ID_NUMBER, PHONE, EMAIL]


def test_empty_text():
    assert scan_text("") == []
