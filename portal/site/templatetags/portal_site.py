from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for this page in every language, and x-default.

    x-default is the address without a language prefix, which redirects each reader to their language
    (browser or remembered choice), as /sitemap.xml says too.

    Nothing for a page that has no language prefix (or that no URL pattern resolves, such as a 404): there
    are no other-language versions to point to.
    """
    request = context.get("request")
    if request is None:
        return ""
    current = request.get_full_path()
    urls = [(code, translate_url(current, code)) for code, _name in settings.LANGUAGES]
    if all(url == current for _code, url in urls):
        return ""
    links = [(code, request.build_absolute_uri(url)) for code, url in urls]
    prefix = "/%s/" % settings.LANGUAGE_CODE
    default_url = dict(urls)[settings.LANGUAGE_CODE]
    default = request.build_absolute_uri(
        "/" + default_url[len(prefix) :] if default_url.startswith(prefix) else default_url
    )
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', [*links, ("x-default", default)])


@register.simple_tag
def quick_exit_url():
    return settings.QUICK_EXIT_URL
