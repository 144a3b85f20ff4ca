"""The seven statements carewatch ships, in its own words (a summary of what each asks, not the official
wording). ``migrations/0002_statements`` writes them; a system administrator may change the words later
(``services.change_statement``): tasks keep pointing at the statement by its number."""

from __future__ import annotations

DEFAULT_STATEMENTS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "Recruit for values",
        "We choose new staff for the values they bring to care (kindness, respect, honesty) as well as "
        "their skills and experience.",
    ),
    (
        2,
        "A thorough start",
        "Every new member of staff has a full induction that prepares them for the work before they "
        "work on their own.",
    ),
    (
        3,
        "Keep learning",
        "Staff have time and support to keep learning and to develop in their work throughout their career.",
    ),
    (
        4,
        "Staff sign up too",
        "We encourage our staff to make the commitment themselves and to follow the codes of conduct "
        "that apply to their work.",
    ),
    (
        5,
        "Answer for how staff behave",
        "We take responsibility for how our staff treat people, including treating everyone fairly and "
        "valuing their differences.",
    ),
    (
        6,
        "Check and give feedback",
        "We watch how staff work and behave, tell them how they are doing, and help them improve.",
    ),
    (
        7,
        "Put it into practice",
        "We give staff what they need (time, tools and leadership) to live up to the commitment every day.",
    ),
)
