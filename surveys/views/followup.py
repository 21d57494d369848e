"""followup pages of the surveys app."""

urlpatterns = []
