"""Writing a snapshot's ratings history and assessments (inside ``import_snapshot``'s transaction).

A report already stored is not written again. When a location's current rating changes, the old one
becomes history (or is dropped when history already has that report).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from carewatch.core import bulk
from carewatch.register import models
from carewatch.register.importers.records import KEY_QUESTIONS, Assessment, LocationRecord, RatingRecord
from carewatch.register.services.undo_log import UndoLog

RatingKey = tuple[str, date | None, str]


def write_ratings(
    records: list[LocationRecord], *, snapshot: models.Snapshot, existing: bool, undo: UndoLog | None = None
) -> None:
    """The ratings of ``records``; with ``existing``, compared with those already stored.

    ``undo`` keeps the current ratings this snapshot demotes or drops (``import-cqc --undo``).
    """
    given = [r for r in records if r.ratings is not None]
    known: dict[str, dict[RatingKey, models.Rating]] = {}
    if existing and given:
        for stored in models.Rating.objects.filter(location_id__in=[r.location_id for r in given]):
            known.setdefault(stored.location_id, {})[_rating_key(stored)] = stored
    to_create: list[SimpleNamespace] = []
    to_delete: list[int] = []
    to_demote: list[int] = []
    for record in given:
        ratings = record.ratings or ()
        rows = known.get(record.location_id, {})
        historic_keys = {key for key, row in rows.items() if not row.is_current}
        old_current = next((row for row in rows.values() if row.is_current), None)
        for rating in ratings:
            new = _rating_row(record.location_id, rating, snapshot)
            key = _rating_key(new)
            if rating.is_current:
                if old_current is not None and (
                    _same_rating(old_current, new) or _same_report_with_less_detail(old_current, new)
                ):
                    old_current = None  # unchanged (or this format says less about it): keep the stored row
                    continue
                to_create.append(new)
            elif key not in historic_keys:
                historic_keys.add(key)
                to_create.append(new)
        if old_current is not None and any(r.is_current for r in ratings):
            # The current rating changed: the old one becomes history (unless history has it already).
            if _rating_key(old_current) in historic_keys:
                to_delete.append(old_current.pk)
            else:
                to_demote.append(old_current.pk)
    if to_delete:
        if undo is not None:
            undo.ratings_deleted(models.Rating.objects.filter(pk__in=to_delete))
        models.Rating.objects.filter(pk__in=to_delete).delete()
    if to_demote:
        if undo is not None:
            undo.ratings_demoted(to_demote)
        models.Rating.objects.filter(pk__in=to_demote).update(is_current=False)
    bulk.fast_insert(models.Rating, to_create)


def write_assessments(records: list[LocationRecord], *, snapshot: models.Snapshot, existing: bool) -> None:
    """The Single Assessment Framework assessments of ``records`` not already stored."""
    given = [r for r in records if r.assessments]
    known: set[tuple[str, str, str]] = set()
    if existing and given:
        known = set(
            models.Assessment.objects.filter(location_id__in=[r.location_id for r in given]).values_list(
                "location_id", "assessment_plan_id", "service_group"
            )
        )
    rows = []
    for record in given:
        for assessment in record.assessments or ():
            key = (record.location_id, assessment.assessment_plan_id, assessment.service_group)
            if key not in known:
                known.add(key)
                rows.append(_assessment_row(record.location_id, assessment, snapshot))
    models.Assessment.objects.bulk_create(rows, batch_size=bulk.CHUNK)


def _rating_row(location_id: str, rating: RatingRecord, snapshot: models.Snapshot) -> SimpleNamespace:
    row = bulk.new_row(
        models.Rating,
        location_id=location_id,
        is_current=rating.is_current,
        report_on=rating.report_on,
        report_link_id=rating.report_link_id or "",
        overall=rating.overall or "",
        inherited=rating.inherited,
        predecessor_id=rating.predecessor_id or "",
        services=[
            {
                "service": s.service,
                "rating": s.rating,
                "report_on": s.report_on.isoformat() if s.report_on else None,
                "report_link_id": s.report_link_id,
                "key_questions": {kq.key_question: kq.rating for kq in s.key_questions},
            }
            for s in rating.services
        ],
        first_snapshot_id=snapshot.pk,
    )
    for kq in rating.key_questions:
        if kq.key_question in KEY_QUESTIONS:
            setattr(row, kq.key_question, kq.rating)
            setattr(row, f"{kq.key_question}_on", kq.report_on or rating.report_on)
            setattr(row, f"{kq.key_question}_link_id", kq.report_link_id or rating.report_link_id or "")
    return row


def _rating_key(row: models.Rating | SimpleNamespace) -> RatingKey:
    return (row.report_link_id, row.report_on, row.overall)


def _same_rating(a: models.Rating, b: SimpleNamespace) -> bool:
    fields = ["report_on", "report_link_id", "overall", "inherited", "predecessor_id", "services"]
    for kq in KEY_QUESTIONS:
        fields += [kq, f"{kq}_on", f"{kq}_link_id"]
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _same_report_with_less_detail(stored: models.Rating, incoming: SimpleNamespace) -> bool:
    """The same report from a format that carries no key questions (HSCA_Active_Locations, directory)."""
    return bool(
        stored.report_on == incoming.report_on
        and stored.overall == incoming.overall
        and not any(getattr(incoming, kq) for kq in KEY_QUESTIONS)
        and not incoming.services
    )


def _assessment_row(location_id: str, assessment: Assessment, snapshot: models.Snapshot) -> models.Assessment:
    return models.Assessment(
        location_id=location_id,
        assessment_plan_id=assessment.assessment_plan_id,
        service_group=assessment.service_group,
        rating=assessment.rating or "",
        assessed_on=assessment.assessed_on,
        published_on=assessment.published_on,
        key_questions={
            kq.key_question: {
                "rating": kq.rating,
                "percent": kq.percent,
                "statements": [
                    {"id": s.statement_id, "score": s.score, "label": s.label, "assessed": s.assessed}
                    for s in kq.statements
                ],
            }
            for kq in assessment.key_questions
        },
        first_snapshot=snapshot,
    )
