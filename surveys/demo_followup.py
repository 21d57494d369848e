"""Demo data: followup."""


def load():
    return None
