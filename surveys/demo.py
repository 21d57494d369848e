"""Demo data of the surveys app (core's seed_demo calls load()); each area loads its own."""

from surveys import demo_followup, demo_plans


def load(stdout=None):
    demo_plans.load(stdout)
    demo_followup.load(stdout)
