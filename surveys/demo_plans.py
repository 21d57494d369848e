"""Demo data: plans."""


def load():
    return None
