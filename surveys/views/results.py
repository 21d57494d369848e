"""results pages of the surveys app."""

urlpatterns = []
