"""Reads of safety and environment records."""

from __future__ import annotations

from django.db.models import QuerySet

from casework.models import GarbageSchedule, SafetyKind, SafetyRecord


def safety_records(kind: str = "") -> QuerySet[SafetyRecord]:
    records = SafetyRecord.objects.select_related("recorded_by", "rectification__case")
    if kind in SafetyKind.values:
        records = records.filter(kind=kind)
    return records


def garbage_schedules() -> QuerySet[GarbageSchedule]:
    return GarbageSchedule.objects.all()
