from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class SectionBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    table = TableBlock(
        label=_("Table"),
        table_options={"startRows": 3, "startCols": 3, "contextMenu": True},
        # Wagtail's table in a region that scrolls sideways on a phone and can take focus,
        # so that keyboard users can scroll it too.
        template="policy_docs/blocks/table.html",
    )
