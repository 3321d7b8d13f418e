"""ORCID iDs: 16 characters, the last a check digit (ISO 7064 MOD 11-2)."""

import re

from django.core.exceptions import ValidationError

ORCID_SHAPE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")


def orcid_check_digit(base_digits):
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value):
    """Accept “https://orcid.org/0000-0002-1825-0097”, spaces or no hyphens; return the iD."""
    value = value.strip().upper().removeprefix("HTTPS://").removeprefix("HTTP://")
    value = value.removeprefix("ORCID.ORG/").replace(" ", "")
    match = ORCID_SHAPE.match(value)
    return "-".join(match.groups()) if match else value


def validate_orcid(value):
    match = ORCID_SHAPE.match(normalise_orcid(value))
    if not match:
        raise ValidationError(
            "An ORCID iD has 16 characters, like 0000-0002-1825-0097.", code="orcid_shape"
        )
    digits = "".join(match.groups())
    if orcid_check_digit(digits[:-1]) != digits[-1]:
        raise ValidationError(
            "This ORCID iD's check digit is wrong; please copy it again.", code="orcid_checksum"
        )
