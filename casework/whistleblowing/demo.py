"""Demo whistle-blowing reports: one concluded after investigation, one just received."""

from __future__ import annotations

import random

from django.contrib.auth.models import User

from casework.models import WhistleblowingReport
from casework.whistleblowing import services
from residents.audit.context import acting_as
from residents.models import Resident


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if WhistleblowingReport.objects.exists():
        return 0
    supervisor = users["supervisor"]
    concluded = services.whistleblowing_submit_online(
        about="二号窗口工作人员", content="办理居住证明时要求提供与事项无关的材料，并推诿拖延。",
    )
    with acting_as(supervisor):
        services.whistleblowing_step(actor=supervisor, report=concluded, action="investigate")
        services.whistleblowing_step(
            actor=supervisor, report=concluded, action="conclude",
            note="经调阅办件记录并询问当事人，情况部分属实，已对窗口人员批评教育并纠正材料清单。",
        )
        services.whistleblowing_register(
            actor=supervisor, channel="hotline", about="社区信息采集工作",
            content="来电反映有人冒充社区工作人员上门采集信息。",
        )
    return 2
