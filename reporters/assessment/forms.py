"""Forms of the assessment, rewards and penalties."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporters.fields import date_field, text
from reporters.models import PenaltyGround, PenaltyKind, ReporterProfile, RewardKind
from reporters.profiles.forms import AccountChoice
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future


def score_field(label):
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=Decimal(100),
                              max_digits=4, decimal_places=1)


class OpenForm(ProjectForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Half of the year"), coerce=int,
        choices=[(1, _("First half (January to June)")), (2, _("Second half (July to December)"))],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {
            "year": timezone.localdate().year, "half": 1 if timezone.localdate().month <= 6 else 2,
        })
        super().__init__(*args, **kwargs)


class ScoreForm(ProjectForm):
    score = score_field(_("Score (0–100)"))
    comment = text(_("Comment"), max_length=1000, required=False)


def registered_reporters():
    return User.objects.filter(
        pk__in=ReporterProfile.objects.values("user_id")
    ).order_by("username")


class RewardForm(ProjectForm):
    reporter = AccountChoice(label=_("Reporter"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Kind of reward"), choices=RewardKind.choices)
    reason = text(_("For what"), max_length=1000)
    amount = forms.DecimalField(label=_("Amount of the bonus (yuan)"), required=False,
                                min_value=Decimal("0.01"), max_digits=8, decimal_places=2)
    item = forms.CharField(label=_("What is given (material reward)"), max_length=200,
                           required=False)
    awarded_on = date_field(_("Awarded on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = registered_reporters()
        self.fields["awarded_on"].validators.append(validate_not_future)


class PenaltyForm(ProjectForm):
    reporter = AccountChoice(label=_("Reporter"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Kind of penalty"), choices=PenaltyKind.choices)
    ground = forms.ChoiceField(label=_("Ground"), choices=PenaltyGround.choices)
    details = text(_("What happened"), max_length=2000)
    decided_on = date_field(_("Decided on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = registered_reporters()
        self.fields["decided_on"].validators.append(validate_not_future)
