"""What a chart looks like in a chat on a phone: shown 390 pt wide."""

from matplotlib.figure import Figure
from matplotlib.text import Text

PHONE_WIDTH_PT = 390
"""How wide a chat shows a photo on a phone, in points."""
READABLE_PT = 12
"""The smallest type a person reads there without zooming."""


def smallest_type_on_phone(figure: Figure) -> float:
    """The smallest font of any visible text of ``figure``, in points as shown on a phone."""
    figure.draw_without_rendering()
    sizes = [
        float(artist.get_fontsize())
        for artist in figure.findobj(Text)
        if isinstance(artist, Text) and artist.get_visible() and artist.get_text()
    ]
    width_px = figure.get_figwidth() * figure.dpi
    return min(sizes) * figure.dpi / 72 * PHONE_WIDTH_PT / width_px
