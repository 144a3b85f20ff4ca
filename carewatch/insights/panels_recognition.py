"""Dashboard panels from recognition (issue 16): peer pairs active and mentees' improvement, and
improvement offers taken up. Council records, like the case panels: shown only when the reader may read a
council's records in the area; each panel's table downloads as CSV/XLSX with the others."""

from __future__ import annotations

from carewatch.core.tables import Table
from carewatch.insights import sources
from carewatch.insights.presenters import Panel
from carewatch.insights.queries.dashboard import Dashboard
from carewatch.recognition.peer_figures import PeerFigures


def panels(board: Dashboard) -> list[Panel]:
    private = board.private
    if private is None or isinstance(private.peer, sources.NoData):
        return []
    return [peer_panel(private.peer), offers_panel(private.peer)]


def peer_panel(found: PeerFigures) -> Panel:
    rows: list[list[object]] = [
        ["Pairings active", found.pairs_active],
        ["Pairings started", found.pairs_started],
        ["Sessions logged", found.sessions],
        ["Supported services with a CQC report since the start", found.mentees_rated_since],
        ["Of those, rated higher than at the start", found.mentees_improved],
        ["Rated higher, %", found.improved_pct],
    ]
    if found.mentees_rated_since:
        improvement = (
            f"{found.mentees_improved:,} of {found.mentees_rated_since:,} supported services with a CQC report "
            "since were rated higher than at the start."
        )
    else:
        improvement = "No supported service has had a CQC report since its pairing started."
    summary = f"{found.pairs_active:,} peer support pairings active; {found.sessions:,} sessions logged. {improvement}"
    return Panel(
        "peer-support",
        "Peer support",
        Table(
            "peer-support",
            "Peer support pairings and the supported services' next CQC ratings",
            ["Measure", "Value"],
            rows,
            "Pairings the council made that started on or before the date; a supported service counts as "
            "improved when its latest CQC overall rating since the start is higher than the one in force at the "
            "start (docs/recognition.md).",
        ),
        None,
        summary,
        True,
    )


def offers_panel(found: PeerFigures) -> Panel:
    rows: list[list[object]] = [
        ["Offers in the catalogue", found.offers],
        ["Places offered", found.places],
        ["Places booked", found.places_booked],
        ["Places attended", found.places_attended],
    ]
    summary = (
        f"{found.places_booked:,} of {found.places:,} places on {found.offers:,} improvement offers booked; "
        f"{found.places_attended:,} attended."
    )
    return Panel(
        "improvement-offers",
        "Improvement offers taken up",
        Table("improvement-offers", "The council's training and support offers", ["Measure", "Value"], rows),
        None,
        summary,
        True,
    )
