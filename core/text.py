"""Text as staff type it and as the office's files must hold it."""

import re

# Issue 14: control characters never belong in what staff type or import (a pasted \x0b or \x1b, a NUL
# PostgreSQL refuses, \x7f); Excel refuses them too. Tabs and line breaks stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text
