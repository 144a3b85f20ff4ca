"""Lived experience: public feedback forms, feedback links and moderation (pages in feedback_views)."""

app_name = "feedback"
urlpatterns: list = []
