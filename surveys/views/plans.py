"""plans pages of the surveys app."""

urlpatterns = []
