import csv
import io

from rest_framework import renderers


class CSVRenderer(renderers.BaseRenderer):
    """`?format=csv` on list endpoints: one row per result, lists joined with "|", nested objects by name."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(rows, dict):  # an error body
            rows = [rows]
        rows = [row if isinstance(row, dict) else {"detail": row} for row in rows]
        buffer = io.StringIO()
        fieldnames = list(rows[0]) if rows else self._serializer_fields(renderer_context)
        if fieldnames:
            # No result still has a header row: an empty body would carry no Content-Type at all.
            writer = csv.DictWriter(buffer, fieldnames=fieldnames, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({key: self._cell(value) for key, value in row.items()})
        return buffer.getvalue().encode(self.charset)

    @staticmethod
    def _serializer_fields(renderer_context) -> list[str]:
        view = (renderer_context or {}).get("view")
        if view is None or not hasattr(view, "get_serializer"):
            return []
        return list(view.get_serializer().fields)

    @staticmethod
    def _cell(value):
        if isinstance(value, list):
            return "|".join(CSVRenderer._cell(item) for item in value)
        if isinstance(value, dict):
            return value.get("name") or value.get("id") or ""
        if value is None:
            return ""
        text = str(value)
        # A cell starting with these is a formula in spreadsheet programs: neutralise it.
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text
