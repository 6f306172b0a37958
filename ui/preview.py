"""Old import path of ``ui.issue_editor.side.preview`` (the editor's live PDF preview)."""

from ui.issue_editor.side.preview import (LIVE_PREVIEW_MS, RENDER_SCALE, ZOOMS, PreviewPane,  # noqa: F401
                                          pdf_page_images, printed_table, render_issue_pages)

__all__ = ["PreviewPane", "pdf_page_images", "render_issue_pages"]
