"""The pages of rectification, owners' forums and the suggestion box (each in its own module)."""

from surveys.views import forums, rectification, slips

urlpatterns = [*rectification.urlpatterns, *slips.urlpatterns, *forums.urlpatterns]
