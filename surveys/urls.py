from surveys.views import followup, plans, results

app_name = "surveys"
# Each area of the app lists its own pages (plans and returned forms; results; rectification, forums
# and the suggestion box).
urlpatterns = [*plans.urlpatterns, *results.urlpatterns, *followup.urlpatterns]
