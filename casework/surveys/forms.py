"""The public survey form (one field per question in use) and the question form of managers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casework.models import QuestionKind, Satisfaction
from casework.surveys.services import TEXT_MAX
from residents.common.forms import ProjectForm, honeypot_field

YES_NO = [("1", pgettext_lazy("survey answer", "Yes")), ("0", pgettext_lazy("survey answer", "No"))]


class SurveyForm(ProjectForm):
    consent = forms.BooleanField(
        label=_("I agree that my answers are used, without my name, for the service centre's "
                "satisfaction statistics."),
        required=False,
    )
    website = honeypot_field()

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.RATING:
                field = forms.TypedChoiceField(
                    choices=[(str(v), label) for v, label in Satisfaction.choices], coerce=int,
                    widget=forms.RadioSelect, required=False,
                )
            elif question.kind == QuestionKind.YES_NO:
                field = forms.TypedChoiceField(
                    choices=YES_NO, coerce=lambda value: value == "1", widget=forms.RadioSelect,
                    required=False, empty_value=None,
                )
            else:
                field = forms.CharField(max_length=TEXT_MAX, required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))
            field.label = question.text
            self.fields[name] = field
        self.order_fields([f"q{q.pk}" for q in self.questions] + ["consent", "website"])

    def question_fields(self):
        return [self[f"q{question.pk}"] for question in self.questions]

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SurveyQuestionForm(ProjectForm):
    text = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
