from django.urls import path

from carewatch.recognition.views import commitment, offers, peer, quality_mark, quality_mark_staff

app_name = "recognition"
urlpatterns = [
    # The Social Care Commitment: an employer's own (provider people), and those in a council's area.
    path("commitment/", commitment.own_commitment, name="own_commitment"),
    path("commitment/sign/", commitment.commitment_sign, name="commitment_sign"),
    path("commitments/", commitment.commitment_list, name="commitment_list"),
    path("commitments/<int:commitment_id>/", commitment.commitment_detail, name="commitment_detail"),
    path("commitments/<int:commitment_id>/tasks/", commitment.commitment_tasks, name="commitment_tasks"),
    path(
        "commitments/<int:commitment_id>/tasks/add/",
        commitment.commitment_task_add,
        name="commitment_task_add",
    ),
    path("commitments/<int:commitment_id>/staff/", commitment.commitment_staff, name="commitment_staff"),
    path("commitments/<int:commitment_id>/renew/", commitment.commitment_renew, name="commitment_renew"),
    path(
        "commitments/<int:commitment_id>/withdraw/",
        commitment.commitment_withdraw,
        name="commitment_withdraw",
    ),
    # The statements' words (system administrators).
    path("commitment/statements/", commitment.statement_list, name="statement_list"),
    path(
        "commitment/statements/<int:statement_number>/",
        commitment.statement_change,
        name="statement_change",
    ),
    # The quality mark: an application and its decision.
    path(
        "quality-marks/applications/<int:application_id>/",
        quality_mark.quality_mark_application,
        name="quality_mark_application",
    ),
    path(
        "quality-marks/applications/<int:application_id>/assess/",
        quality_mark.quality_mark_assess,
        name="quality_mark_assess",
    ),
    path(
        "quality-marks/applications/<int:application_id>/decide/",
        quality_mark.quality_mark_decide,
        name="quality_mark_decide",
    ),
    # The quality mark's other staff pages (views/quality_mark_staff.py).
    path("quality-marks/", quality_mark_staff.quality_mark_list, name="quality_mark_list"),
    path("quality-marks/scheme/", quality_mark_staff.quality_mark_scheme, name="quality_mark_scheme"),
    path(
        "quality-marks/scheme/change/",
        quality_mark_staff.quality_mark_scheme_edit,
        name="quality_mark_scheme_edit",
    ),
    path("quality-marks/apply/", quality_mark_staff.quality_mark_apply, name="quality_mark_apply"),
    path(
        "quality-marks/applications/<int:application_id>/renew/",
        quality_mark_staff.quality_mark_renew,
        name="quality_mark_renew",
    ),
    path(
        "quality-marks/applications/<int:application_id>/reinstate/",
        quality_mark_staff.quality_mark_reinstate,
        name="quality_mark_reinstate",
    ),
    path(
        "quality-marks/applications/<int:application_id>/review/",
        quality_mark_staff.quality_mark_review,
        name="quality_mark_review",
    ),
    path(
        "quality-marks/letters/<int:quality_mark_letter_id>/",
        quality_mark_staff.quality_mark_letter,
        name="quality_mark_letter",
    ),
    # Peer support (docs/recognition.md, "Peer support").
    path("peer/", peer.peer_home, name="peer_home"),
    path("peer/volunteer/", peer.peer_volunteer, name="peer_volunteer"),
    path("peer/suggestions/<str:mentee_id>/", peer.peer_suggestions, name="peer_suggestions"),
    path("peer/suggestions/<str:mentee_id>/pair/", peer.peer_pair, name="peer_pair"),
    path("peer/pairings/<int:pairing_id>/", peer.peer_pairing, name="peer_pairing"),
    path("peer/pairings/<int:pairing_id>/sessions/add/", peer.peer_session_add, name="peer_session_add"),
    # Improvement offers (docs/recognition.md, "Improvement offers").
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/add/", offers.offer_add, name="offer_add"),
    path("offers/<int:offer_id>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/book/", offers.offer_book, name="offer_book"),
    path("offers/bookings/<int:booking_id>/attendance/", offers.offer_attendance, name="offer_attendance"),
]
