"""The after-action report: the game replayed into a debrief, as Markdown or self-contained HTML."""

from game.report.html import report_html
from game.report.markdown import report_markdown
from game.report.model import Report, build_report

__all__ = ["Report", "build_report", "report_html", "report_markdown"]
