"""The admin of plans, questionnaires and forms."""
