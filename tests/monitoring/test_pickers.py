"""The services an officer can pick when recording a visit or making a feedback link: adult social care
in the council's area, not GP practices or dentists."""

from carewatch.register.models import Location
from tests.pages import client_for, page


def _options(client, url: str) -> list[str]:
    soup = page(client.get(url))
    return [option.text for option in soup.select("#id_location option") if option.get("value")]


def test_gp_practices_and_dentists_are_not_offered_for_a_visit_or_a_feedback_link(world):
    surgery = Location.objects.get(pk=world.other_home.pk)
    surgery.name, surgery.adult_social_care = "Royton Medical Centre", False
    surgery.save()
    client = client_for(world.officer)

    for url in ("/monitoring/visits/record/", "/monitoring/lived-experience/"):
        names = _options(client, url)
        assert any(name.startswith("Oak House") for name in names), url
        assert not any(name.startswith("Royton Medical Centre") for name in names), url
