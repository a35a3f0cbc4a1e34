from django import template

from network.selectors import threads_for

register = template.Library()


@register.inclusion_tag("network/_discussions.html", takes_context=True)
def discussions(context, item):
    """The discussions of a published practice or resource, and the form to start one."""
    kind = "practice" if item._meta.model_name == "practice" else "resource"
    return {
        "threads": threads_for(item),
        "item": item,
        "kind": kind,
        "user": context["user"],
        "request": context["request"],
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "csrf_token": context.get("csrf_token"),
    }
