"""Choice values in the words the admin shows them in, for history and comparisons."""


def choice_label(choices, value):
    """The label ``choices`` gives ``value``; a value no longer among them (an old revision's)
    is still printed as words, never as a code."""
    try:
        return choices(value).label
    except ValueError:
        return str(value or "").replace("_", " ").capitalize() or "none"
