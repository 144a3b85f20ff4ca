"""The council's monitoring set-up: frameworks, themes and thematic analysis (pages in setup_views)."""

app_name = "monitoring_setup"
urlpatterns: list = []
