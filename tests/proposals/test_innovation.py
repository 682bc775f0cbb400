"""Innovation proposals under Decree 73/2023/NĐ-CP (docs/domain.md): who is a leader or manager,
registering with the plan of Article 7, the decree's steps in order with their documents, and the
decree's approval label, which an ordinary conclusion of the city never carries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.selectors import is_leader_or_manager
from notifications.models import Notification
from proposals import services
from proposals.models import PLAN_FIELDS, InnovationCase, InnovationRecord, ProposalEvent
from proposals.workflow import INNOVATION_STEPS, InnovationStep
from tests.factories import UserFactory
from tests.proposals.factories import proposal_in

pytestmark = pytest.mark.django_db

PLAN = {
    "necessity": "Trường thiếu nhân viên y tế.",
    "content": "Phường tự quyết số lượng viên chức y tế trường học.",
    "scope": "Các trường công lập của phường.",
    "implementer": "Chủ tịch UBND phường",
    "duration": "12 tháng",
    "resources": "Biên chế được giao.",
    "feasibility": "Đã có danh sách nhu cầu.",
    "impacts": "Học sinh được chăm sóc y tế tại trường.",
    "expected_effect": "Mỗi trường có một nhân viên y tế.",
}
DECREE_APPROVAL = "Đã được phê duyệt bằng văn bản theo Nghị định 73/2023/NĐ-CP"
SECTION = "Đề xuất đổi mới sáng tạo theo Nghị định 73/2023/NĐ-CP"


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def step_data(action, day, **extra):
    data = {
        "document_number": f"{action}/2026",
        "document_date": day.isoformat(),
        "authority": "Đảng ủy phường" if action.startswith("party") else "UBND Thành phố",
        "note": "",
    }
    if action == "evaluation":
        data["result"] = "achieved"
    return {**data, **extra}


def registered(org, status="submitted", *, steps=(), **fields):
    """A proposal of org.sub by its head, registered, with the given steps recorded 10, 9, … days ago."""
    proposal = proposal_in(status, unit=org.sub, by=org.sub_head, department=org.other, **fields)
    InnovationCase.objects.create(proposal=proposal, registered_by=org.sub_head, **PLAN)
    for offset, action in enumerate(steps):
        day = ago(10 - offset)
        data = step_data(action, day)
        data["document_date"] = day
        services.innovation_step(proposal=proposal, by=org.committee, action=action, **data)
    return proposal


# Who is a leader or manager --------------------------------------------------------------------


def test_heads_deputies_and_flagged_people_are_leaders_or_managers(client, org):
    assert is_leader_or_manager(org.sub_head) and is_leader_or_manager(org.deputy)
    assert not is_leader_or_manager(org.author)
    flagged = UserFactory(username="secretary", unit=org.sub, leader_or_manager=True)
    assert is_leader_or_manager(flagged)
    client.force_login(flagged)
    page = client.get("/accounts/").content.decode()
    assert 'Cán bộ lãnh đạo, quản lý</dt><dd class="col-7">Có</dd>' in page
    client.force_login(org.author)
    page = client.get("/accounts/").content.decode()
    assert 'Cán bộ lãnh đạo, quản lý</dt><dd class="col-7">Không</dd>' in page


# Registering -----------------------------------------------------------------------------------


def test_a_leaders_proposal_is_registered_with_its_plan(client, org):
    proposal = proposal_in("submitted", unit=org.sub, by=org.sub_head)
    client.force_login(org.sub_head)
    form = client.get(f"/proposals/{proposal.pk}/nd73/").content.decode()
    assert "Phương án (Điều 7)" in form and proposal.scope in form  # starts from the proposal's text
    response = client.post(f"/proposals/{proposal.pk}/nd73/", PLAN)
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/#nd73"
    case = InnovationCase.objects.get(proposal=proposal)
    assert case.step == InnovationStep.REGISTERED and case.implementer == PLAN["implementer"]
    assert ProposalEvent.objects.filter(proposal=proposal, action="nd73_register").count() == 1
    assert Notification.objects.filter(recipient=org.committee, kind="proposal_nd73_registered").exists()
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert SECTION in page and "Đã đăng ký; chờ ý kiến của cấp ủy trước khi phê duyệt" in page
    assert DECREE_APPROVAL not in page


def test_a_proposal_whose_author_is_not_a_leader_is_refused_with_a_message(client, org):
    """The author stopped heading the unit: the new head may not register it under the decree."""
    proposal = proposal_in("submitted", unit=org.sub, by=org.author)
    client.force_login(org.sub_head)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert f"/proposals/{proposal.pk}/nd73/" not in page
    response = client.post(f"/proposals/{proposal.pk}/nd73/", PLAN, follow=True)
    assert response.redirect_chain[-1][0] == f"/proposals/{proposal.pk}/"
    assert "Chỉ đề xuất của cán bộ lãnh đạo, quản lý mới được đăng ký theo Nghị định 73/2023/NĐ-CP" in (
        response.content.decode()
    )
    assert not InnovationCase.objects.exists()
    org.author.leader_or_manager = True
    org.author.save()
    assert client.post(f"/proposals/{proposal.pk}/nd73/", PLAN).status_code == 302
    assert InnovationCase.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize("missing", PLAN_FIELDS)
def test_every_content_of_the_plan_is_required(client, org, missing):
    proposal = proposal_in("draft", unit=org.sub, by=org.sub_head)
    client.force_login(org.sub_head)
    response = client.post(f"/proposals/{proposal.pk}/nd73/", {**PLAN, missing: "   "})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.innovation_register(proposal=proposal, by=org.sub_head, **{**PLAN, missing: ""})
    assert missing in refused.value.message_dict
    assert not InnovationCase.objects.exists() and not ProposalEvent.objects.exists()


def test_a_proposal_is_registered_once(org):
    proposal = registered(org)
    with pytest.raises(services.WorkflowError):
        services.innovation_register(proposal=proposal, by=org.sub_head, **PLAN)
    assert InnovationCase.objects.count() == 1


# The steps -------------------------------------------------------------------------------------


def test_the_committee_records_every_step_in_order_up_to_the_protection_decision(client, org):
    proposal = registered(org)
    client.force_login(org.committee)
    targets = []
    for offset, action in enumerate(INNOVATION_STEPS):
        response = client.post(f"/proposals/{proposal.pk}/nd73/{action}/", step_data(action, ago(5 - offset)))
        assert response.status_code == 302, response.content.decode()[:2000]
        targets.append(InnovationCase.objects.get().step)
    assert targets == ["party_approval", "approved", "party_evaluation", "evaluated", "protected"]
    assert list(InnovationRecord.objects.values_list("action", flat=True)) == list(INNOVATION_STEPS)
    assert InnovationRecord.objects.get(action="evaluation").result == "achieved"
    events = ProposalEvent.objects.filter(proposal=proposal).values_list("action", flat=True)
    assert list(events) == list(INNOVATION_STEPS)
    kinds = Notification.objects.filter(recipient=org.sub_head).values_list("kind", flat=True)
    assert sorted(kinds) == sorted(f"proposal_nd73_{action}" for action in INNOVATION_STEPS)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Đã có quyết định bảo vệ" in page and "protection/2026" in page
    assert "/nd73/" not in page  # nothing left to record


@pytest.mark.parametrize("action", ["approval", "party_evaluation", "evaluation", "protection"])
def test_a_step_out_of_order_is_refused_with_a_message(client, org, action):
    proposal = registered(org)
    client.force_login(org.committee)
    response = client.post(f"/proposals/{proposal.pk}/nd73/{action}/", step_data(action, ago(1)), follow=True)
    assert response.redirect_chain[-1][0] == f"/proposals/{proposal.pk}/"
    assert "các bước theo Nghị định được ghi nhận lần lượt" in response.content.decode()
    assert InnovationCase.objects.get().step == "registered" and not InnovationRecord.objects.exists()


def test_a_step_is_recorded_once(org):
    proposal = registered(org, steps=["party_approval"])
    with pytest.raises(services.WorkflowError):
        data = step_data("party_approval", ago(1))
        data["document_date"] = ago(1)
        services.innovation_step(proposal=proposal, by=org.committee, action="party_approval", **data)
    assert InnovationRecord.objects.count() == 1


def test_an_unregistered_or_withdrawn_proposal_has_no_steps(org):
    plain = proposal_in("submitted", unit=org.sub, by=org.sub_head)
    withdrawn = registered(org, "withdrawn", title="Đã rút")
    for proposal in (plain, withdrawn):
        data = step_data("party_approval", ago(1))
        data["document_date"] = ago(1)
        with pytest.raises(services.WorkflowError):
            services.innovation_step(proposal=proposal, by=org.committee, action="party_approval", **data)
    assert not InnovationRecord.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"document_date": 1}, "document_date", "Ngày văn bản không được sau ngày hôm nay."),
        ({"document_date": -20}, "document_date", "không thể trước ngày văn bản của bước trước"),
        ({"document_number": "  "}, "document_number", "Vui lòng nhập số văn bản."),
        ({"authority": ""}, "authority", "Vui lòng nhập cơ quan ban hành văn bản."),
        ({"document_date": "31/02/2026"}, "document_date", "Vui lòng nhập một ngày hợp lệ."),
    ],
)
def test_bad_step_input_is_refused_and_saves_nothing(client, org, change, field, message):
    proposal = registered(org, steps=["party_approval"])  # recorded 10 days ago
    data = step_data("approval", ago(1))
    for name, value in change.items():
        data[name] = ago(-value).isoformat() if isinstance(value, int) else value
    client.force_login(org.committee)
    response = client.post(f"/proposals/{proposal.pk}/nd73/approval/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="nd73-approval-{field}"' in page and "is-invalid" in page
    assert message in page
    assert InnovationCase.objects.get().step == "party_approval" and InnovationRecord.objects.count() == 1


def test_the_evaluation_needs_its_result(org):
    proposal = registered(org, steps=["party_approval", "approval", "party_evaluation"])
    data = step_data("evaluation", ago(1), result="")
    data["document_date"] = ago(1)
    with pytest.raises(ValidationError) as refused:
        services.innovation_step(proposal=proposal, by=org.committee, action="evaluation", **data)
    assert "result" in refused.value.message_dict


# The decree's approval label -------------------------------------------------------------------


def test_an_ordinary_conclusion_is_never_labelled_as_approval_under_the_decree(client, org):
    client.force_login(org.committee)
    plain = proposal_in("concluded", unit=org.sub, by=org.sub_head, title="Đề xuất thường")
    page = client.get(f"/proposals/{plain.pk}/").content.decode()
    assert "Chấp thuận cho thí điểm cấp Thành phố" in page
    assert DECREE_APPROVAL not in page and SECTION not in page

    case = registered(org, "concluded", steps=["party_approval"], title="Đã đăng ký, chưa phê duyệt")
    page = client.get(f"/proposals/{case.pk}/").content.decode()
    assert "Chấp thuận cho thí điểm cấp Thành phố" in page and SECTION in page
    assert "Kết luận này không phải là văn bản phê duyệt theo Nghị định 73/2023/NĐ-CP" in page
    assert DECREE_APPROVAL not in page

    response = client.post(f"/proposals/{case.pk}/nd73/approval/", step_data("approval", ago(1)))
    assert response.status_code == 302
    page = client.get(f"/proposals/{case.pk}/").content.decode()
    assert page.count(DECREE_APPROVAL) == 1
    for offset, action in enumerate(["party_evaluation", "evaluation", "protection"]):
        client.post(f"/proposals/{case.pk}/nd73/{action}/", step_data(action, ago(0)))
        assert InnovationCase.objects.get(proposal=case).step == INNOVATION_STEPS[action].target, offset
        assert DECREE_APPROVAL in client.get(f"/proposals/{case.pk}/").content.decode()


def test_the_committees_dashboard_lists_the_cases_waiting_for_their_next_step(client, org):
    waiting = registered(org, steps=["party_approval"], title="Đề xuất chờ phê duyệt")
    registered(
        org,
        steps=["party_approval", "approval", "party_evaluation", "evaluation", "protection"],
        title="Đề xuất đã được bảo vệ",
    )
    client.force_login(org.committee)
    page = client.get("/").content.decode()
    panel = page[page.index('data-testid="decree-73-waiting"') :]
    assert "1 đề xuất đổi mới sáng tạo theo Nghị định 73/2023 chờ ghi nhận bước tiếp theo" in panel
    assert f"/proposals/{waiting.pk}/" in panel and "Đề xuất chờ phê duyệt" in panel
    assert str(InnovationStep(InnovationCase.objects.get(proposal=waiting).step).label) in panel
    assert "Đề xuất đã được bảo vệ" not in panel
    client.force_login(org.sub_head)
    assert 'data-testid="decree-73-waiting"' not in client.get("/").content.decode()
