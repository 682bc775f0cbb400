"""What the pages say about themselves: empty choices, required marks, filter actions, file sizes,
the language switch in the header (issue 10, "Looks")."""

import re

import pytest
from django.utils import translation

from thiduaportal.templatetags.portal import file_size


def page(client, person, path) -> str:
    client.force_login(person)
    return client.get(path).content.decode()


def test_no_select_offers_dashes_as_its_empty_choice(client, org):
    form = page(client, org.author, "/ideas/new/")
    assert "---------" not in form
    assert re.search(r'<option value=""[^>]*>— Chọn —</option>', form)
    listing = page(client, org.author, "/ideas/")
    assert "---------" not in listing
    assert re.search(r'<option value=""[^>]*>Tất cả</option>', listing)
    assert "---------" not in page(client, org.head, "/awards/nominations/new/")


def test_required_fields_are_marked_with_a_space_and_named_for_screen_readers(client, org):
    form = page(client, org.author, "/ideas/new/")
    label = re.search(r'<label\s+for="id_title"[^>]*>(.*?)</label>', form, re.S).group(1)
    text = re.sub(r"\s+", " ", label).strip()
    assert text.startswith('Tiêu đề <span class="asteriskField" aria-hidden="true">*</span>')
    assert '<span class="visually-hidden">(bắt buộc)</span>' in text
    assert "Các trường có dấu * là bắt buộc." in form


def test_the_idea_filters_are_applied_by_a_button_that_says_so(client, org):
    listing = page(client, org.author, "/ideas/")
    assert re.search(r'<button type="submit" class="[^"]*">Áp dụng bộ lọc</button>', listing)
    assert "<summary" in listing and ">Bộ lọc</summary>" not in listing


@pytest.mark.parametrize(
    "size,vi,en",
    [
        (604, "604 B", "604 B"),
        (1229, "1,2 KB", "1.2 KB"),
        (10 * 1024 * 1024, "10 MB", "10 MB"),
        (int(2.5 * 1024**3), "2,5 GB", "2.5 GB"),
    ],
)
def test_file_sizes_read_naturally_in_both_languages(size, vi, en):
    with translation.override("vi"):
        assert file_size(size) == vi
    with translation.override("en"):
        assert file_size(size) == en


def test_the_language_switch_is_in_the_header_not_the_footer(client, org):
    html = page(client, org.author, "/")
    header = html[html.index("<header") : html.index("</header>")]
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert 'action="/i18n/setlang/"' in header and 'value="en"' in header
    assert "setlang" not in footer
    client.logout()
    login = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in login[login.index("<header") : login.index("</header>")]
