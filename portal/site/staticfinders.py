from pathlib import Path

import xstatic.pkg.jquery_ui
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class JQueryUIFinder(BaseFinder):
    """Serves only jQuery UI's script (modeltranslation's admin tabs need it) from its PyPI package.

    The package's theme CSS is left out: its comments hold url() references that do not exist,
    which the hashed-name storage refuses at collectstatic time.
    """

    prefix = "jquery-ui"
    filename = "jquery-ui.min.js"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=xstatic.pkg.jquery_ui.BASE_DIR)
        self.storage.prefix = self.prefix

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == "%s/%s" % (self.prefix, self.filename):
            match = str(Path(xstatic.pkg.jquery_ui.BASE_DIR) / self.filename)
            return [match] if find_all else match
        return []

    def list(self, ignore_patterns):
        yield self.filename, self.storage
