"""The shared form fields drop what a visitor cannot see but staff would be fooled by (common/forms.py)."""

import pytest
from django.core.exceptions import ValidationError

from common.forms import MultilineTextField, PlainTextField

RLO, PDF, LRI, PDI, ZWSP, BOM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\ufeff"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"{RLO}lateM seirV eD{PDF}", "lateM seirV eD"),  # would read "De Vries Metal" mirrored in the admin
        (f"Anna{ZWSP} de{BOM} Vries", "Anna de Vries"),
        (f"{LRI}Anna{PDI}", "Anna"),
        ("Anna\x00 de\x1b Vries\r", "Anna de Vries"),
        ("  Anna\u200e  ", "Anna"),
        ("Café Ünal – Zwolle", "Café Ünal – Zwolle"),  # accents and dashes are text, they stay
    ],
)
def test_plain_text_drops_control_and_invisible_characters(typed, kept):
    assert PlainTextField().clean(typed) == kept


def test_only_invisible_characters_count_as_empty():
    field = PlainTextField(error_messages={"required": "Vul uw naam in."})
    with pytest.raises(ValidationError, match="Vul uw naam in."):
        field.clean(f"{RLO}{ZWSP} \x00")


def test_multiline_text_keeps_line_breaks_and_drops_the_rest():
    typed = f"Regel 1\r\n{RLO}Regel\x00 2\n\tmet tab"
    assert MultilineTextField().clean(typed) == "Regel 1\nRegel 2\n\tmet tab"
