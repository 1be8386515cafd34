"""Satisfaction surveys (SUP-7): a public form with consent that keeps no personal data, a
summary counted from the answers beside the return visits, and questions managers keep."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import SurveyAnswer, SurveyQuestion, SurveyResponse
from casework.surveys import services
from residents import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NEW = reverse("public:survey_new")


def _questions() -> dict[str, SurveyQuestion]:
    return {q.kind: q for q in SurveyQuestion.objects.filter(active=True).order_by("-position")}


def test_the_public_survey_asks_the_questions_in_use_and_no_name(client):
    page = client.get(NEW).content.decode()
    assert "您对社区服务中心的总体服务是否满意？" in page
    assert 'name="name"' not in page and 'name="contact"' not in page


def test_answers_are_kept_only_with_consent(client):
    rating = _questions()["rating"]
    refused = client.post(NEW, {f"q{rating.pk}": "4"})
    assert refused.status_code == 200 and "勾选" in refused.content.decode()
    assert not SurveyResponse.objects.exists()
    client.post(NEW, {f"q{rating.pk}": "4", "consent": "on"})
    assert SurveyAnswer.objects.get().score == 4


def test_a_level_outside_the_five_is_refused_next_to_the_question(client):
    rating = _questions()["rating"]
    response = client.post(NEW, {f"q{rating.pk}": "9", "consent": "on"})
    assert response.status_code == 200 and not SurveyResponse.objects.exists()


def test_an_empty_survey_is_refused(client):
    response = client.post(NEW, {"consent": "on"})
    assert "至少回答" in response.content.decode() and not SurveyResponse.objects.exists()


def test_the_summary_counts_each_answer_and_averages_the_ratings(client, manager):
    questions = _questions()
    for score, yes, text in ((5, True, "窗口排队时间长"), (3, False, ""), (4, True, "")):
        services.survey_submit(
            answers={questions["rating"].pk: score, questions["yes_no"].pk: yes,
                     questions["text"].pk: text},
            consent=True,
        )
    client.force_login(manager)
    page = client.get(reverse("casework:survey_summary")).content.decode()
    assert "平均 4.00 分" in page  # (5 + 3 + 4) / 3
    assert "窗口排队时间长" in page  # managers read the free texts
    yes_no = SurveyAnswer.objects.filter(question=questions["yes_no"])
    assert yes_no.filter(score=1).count() == 2 and yes_no.filter(score=0).count() == 1


def test_the_supervision_group_reads_figures_but_not_free_texts(client):
    questions = _questions()
    services.survey_submit(answers={questions["text"].pk: "张三办事态度差"}, consent=True)
    client.force_login(make_user(roles.SUPERVISOR))
    page = client.get(reverse("casework:survey_summary")).content.decode()
    assert "1 条回答" in page and "张三办事态度差" not in page


def test_a_question_with_answers_keeps_its_kind_but_can_be_retired(client, manager):
    rating = _questions()["rating"]
    services.survey_submit(answers={rating.pk: 5}, consent=True)
    client.force_login(manager)
    url = reverse("casework:survey_questions") + f"?edit={rating.pk}"
    refused = client.post(url, {"text": rating.text, "kind": "text", "position": "1",
                                "active": "on"})
    assert "不能修改" in refused.content.decode()
    client.post(url, {"text": rating.text, "kind": "rating", "position": "1"})
    rating.refresh_from_db()
    assert not rating.active
    client.logout()  # the success message still names it
    assert rating.text not in client.get(NEW).content.decode()
    client.force_login(manager)
    # Its answers still count in the summary, marked as retired.
    assert "已停用" in client.get(reverse("casework:survey_summary")).content.decode()


def test_front_desk_reads_no_survey_summary(front_desk_client):
    assert front_desk_client.get(reverse("casework:survey_summary")).status_code == 403
