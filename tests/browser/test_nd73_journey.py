"""An innovation proposal under Decree 73/2023/NĐ-CP in real Chromium: the head of a unit registers
their proposal with the plan of Article 7, and the committee records the decree's steps, in order,
up to the protection decision; the decree's approval label appears once the approval is recorded."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from proposals.models import InnovationCase
from tests.browser.test_idea_journey import sign_in, sign_out
from tests.proposals.factories import proposal_in

PLAN = {
    "necessity": "Hồ sơ đất đai phải qua ba cấp.",
    "content": "Phường tiếp nhận và trả kết quả tại một cửa số.",
    "scope": "Phường Thử nghiệm, hồ sơ đất đai.",
    "implementer": "Trưởng phòng Thử nghiệm",
    "duration": "6 tháng",
    "resources": "Tổ 5 người, phần mềm sẵn có.",
    "feasibility": "Đã thử trên 20 hồ sơ.",
    "impacts": "Người dân đi lại ít hơn; rủi ro sai sót được kiểm soát.",
    "expected_effect": "Thời gian giải quyết còn 7 ngày.",
}
STEPS = [
    ("party_approval", "Ý kiến của cấp ủy trước khi phê duyệt", "12-CV/ĐU", "Đảng ủy phường"),
    ("approval", "Văn bản phê duyệt", "345/QĐ-UBND", "UBND Thành phố"),
    ("party_evaluation", "Ý kiến của cấp ủy trước khi đánh giá", "20-CV/ĐU", "Đảng ủy phường"),
    ("evaluation", "Đánh giá kết quả", "56/BC-UBND", "UBND Thành phố"),
    ("protection", "Quyết định bảo vệ", "78/QĐ-UBND", "UBND Thành phố"),
]
DECREE_APPROVAL = "Đã được phê duyệt bằng văn bản theo Nghị định 73/2023/NĐ-CP"


@pytest.mark.django_db(transaction=True)
def test_a_leaders_proposal_goes_through_the_decree_up_to_its_protection(page, live_server, org):
    base = live_server.url
    proposal = proposal_in("submitted", unit=org.sub, by=org.sub_head, title="Một cửa số đất đai")
    today = timezone.localdate().isoformat()

    sign_in(page, base, "subhead")
    page.goto(base + proposal.get_absolute_url())
    expect(
        page.get_by_role("heading", name="Đề xuất đổi mới sáng tạo theo Nghị định 73/2023/NĐ-CP")
    ).to_be_visible()
    page.get_by_role("link", name="Đăng ký theo Nghị định").click()
    for name, text in PLAN.items():
        page.locator(f"#id_{name}").fill(text)
    page.get_by_role("button", name="Đăng ký theo Nghị định").click()
    expect(
        page.get_by_text("Đã đăng ký đề xuất là đề xuất đổi mới sáng tạo theo Nghị định 73/2023/NĐ-CP.")
    ).to_be_visible()
    expect(
        page.get_by_text("Bước hiện tại: Đã đăng ký; chờ ý kiến của cấp ủy trước khi phê duyệt")
    ).to_be_visible()
    expect(page.get_by_text(DECREE_APPROVAL)).to_have_count(0)
    sign_out(page)

    sign_in(page, base, "committee")
    page.goto(base + proposal.get_absolute_url())
    for action, label, number, authority in STEPS:
        page.locator(f"#nd73-{action}-document_number").fill(number)
        page.locator(f"#nd73-{action}-document_date").fill(today)
        page.locator(f"#nd73-{action}-authority").fill(authority)
        if action == "evaluation":
            page.locator("#nd73-evaluation-result").select_option("partly")
        page.get_by_role("button", name=f"Ghi nhận: {label}").click()
        expect(page.get_by_text(f"Đã ghi nhận: {label}.")).to_be_visible()
        if action == "party_approval":
            expect(page.get_by_text(DECREE_APPROVAL)).to_have_count(0)
        else:
            expect(page.get_by_test_id("decree-approval")).to_have_text(DECREE_APPROVAL)
    expect(page.get_by_text("Bước hiện tại: Đã có quyết định bảo vệ")).to_be_visible()
    expect(page.locator("#nd73 form")).to_have_count(0)
    case = InnovationCase.objects.get()
    assert case.step == "protected" and case.records.count() == 5
