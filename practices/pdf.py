"""A practice as a PDF, in the reader's language (or the original), readable in all eight scripts.

Fonts come from PyPI packages (Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans CJK),
so no system font is needed; fpdf2 embeds only the glyphs used, keeping files small.
"""

from functools import cache
from pathlib import Path

import cvttf_NotoSansCJK_Regular
import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import fontpkg_noto_sans_devanagari
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from practices.models import Practice, field_in

SECTIONS = (
    ("summary", None),
    ("description", gettext_lazy("Description")),
    ("objectives", gettext_lazy("Objectives")),
    ("activities", gettext_lazy("Activities")),
    ("results", gettext_lazy("Results and impact")),
    ("lessons_learned", gettext_lazy("Lessons learned")),
    ("recommendations", gettext_lazy("Recommendations")),
    ("sustainability", gettext_lazy("Sustainability")),
    ("replicability", gettext_lazy("Replicability")),
)


def _font(package, pattern: str) -> str:
    return str(next(Path(package.__file__).parent.rglob(pattern)))


@cache
def _fonts() -> dict[str, str]:
    return {
        "latin": _font(fontpkg_noto_sans, "NotoSans[[]wdth,wght].ttf"),
        "arabic": _font(fontpkg_noto_sans_arabic, "*.ttf"),
        "devanagari": _font(fontpkg_noto_sans_devanagari, "*.ttf"),
        "cjk": _font(cvttf_NotoSansCJK_Regular, "*.otf"),
    }


def practice_pdf(practice: Practice, *, language: str, url: str) -> bytes:
    """The practice in `language` where translated, else in its original, with the courtesy-translation note."""
    shown = language if language in practice.languages else practice.original_language
    rtl = translation.get_language_info(shown)["bidi"]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 18, 18)
    for name, path in _fonts().items():
        pdf.add_font(name, fname=path)
    primary = {"ar": "arabic", "hi": "devanagari", "zh-hans": "cjk"}.get(shown, "latin")
    pdf.set_fallback_fonts([name for name in _fonts() if name != primary])
    pdf.set_title(practice.localized("title", shown))
    pdf.set_creator("Counter-Trafficking Knowledge Portal")
    pdf.add_page()

    def write(text, size=11, style_gap=2, color=(27, 31, 35), right_to_left=rtl):
        # A field not translated yet falls back to the original, which keeps its own direction.
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if right_to_left else "ltr")
        pdf.set_font(primary, size=size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, size * 0.55, text, align="R" if rtl else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(style_gap)

    original_rtl = translation.get_language_info(practice.original_language)["bidi"]

    with translation.override(language):
        write(_("Good practice"), size=9, color=(74, 85, 96))
        write(practice.localized("title", shown), size=18, style_gap=4)
        original = translation.get_language_info(practice.original_language)["name_translated"]
        if shown != practice.original_language:
            write(
                _("Courtesy translation. The original, in %(original)s, is the authoritative version.")
                % {"original": original},
                size=9,
                color=(74, 85, 96),
            )
        elif shown != language:
            write(
                _(
                    "This practice is not available in your language yet; it is shown in the original language "
                    "(%(original)s)."
                )
                % {"original": original},
                size=9,
                color=(74, 85, 96),
            )
        facts = [
            (_("Organisation"), practice.organization.name),
            (_("Countries"), ", ".join(country.name for country in practice.countries.all())),
            (_("Geographic scope"), practice.get_scope_display()),
            (_("Themes"), ", ".join(theme.name for theme in practice.themes.all())),
        ]
        for label, value in facts:
            if value:
                write("%s: %s" % (label, value), size=10, style_gap=0)
        pdf.ln(4)
        for field, heading in SECTIONS:
            text = practice.localized(field, shown)
            if not text:
                continue
            if heading:
                write(str(heading), size=13, style_gap=1)
            translated = bool(getattr(practice, field_in(field, shown)))
            write(text, right_to_left=rtl if translated else original_rtl)
        if practice.published_at:
            pdf.ln(4)
            write(_("Cite this practice"), size=11, style_gap=1)
            write(
                "%s (%s). %s. %s. %s"
                % (
                    practice.organization.name,
                    formats.date_format(practice.published_at, "Y"),
                    practice.localized("title", shown),
                    _("Counter-Trafficking Knowledge Portal"),
                    url,
                ),
                size=9,
            )
    return bytes(pdf.output())
