from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import MAX_POST_CHARS


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your question or comment"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_POST_CHARS}),
        help_text=_("Plain text. Never include anything that could identify a victim or survivor."),
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer or comment"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_POST_CHARS}),
        help_text=_("Plain text. Never include anything that could identify a victim or survivor."),
    )


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_POST_CHARS}))
