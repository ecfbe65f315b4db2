"""The case admin's add form with inline stills: saved, renditions made, the change recorded."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from cases.models import Area, Case, Category, Still

from .images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def _form(area: Area, stills: int) -> dict:
    data = {
        "number": "2026-007001", "title": "Tools taken from a building site", "slug": "2026-007001-tools-taken",
        "summary": "Copper pipe and hand tools were taken over a weekend.",
        "category": Category.objects.get(slug="larceny").pk, "area": area.pk, "location_text": "",
        "incident_at_0": "2026-11-20", "incident_at_1": "21:40:00", "published_at_0": "", "published_at_1": "",
        "reward": "", "comments_open": "on", "_save": "Save",
    }  # fmt: skip
    for prefix, total in (("stills", stills), ("videos", 0), ("updates", 0)):
        data |= {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"}
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    for index in range(stills):
        data |= {
            f"stills-{index}-image": upload(f"still-{index}.jpg", jpeg_bytes((1200, 900))),
            f"stills-{index}-alt_text": f"A man carrying pipe, camera {index}",
            f"stills-{index}-caption": f"Camera {index}",
            f"stills-{index}-position": str(index),
        }
    return data


def test_analyst_adds_a_case_with_two_stills_in_one_save(client, analyst, django_capture_on_commit_callbacks):
    area = Area.objects.create(name="Riverside", slug="riverside")
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:cases_case_add"), _form(area, stills=2))
    assert response.status_code == 302
    case = Case.objects.get(number="2026-007001")
    stills = list(case.stills.order_by("position"))
    assert [still.alt_text for still in stills] == ["A man carrying pipe, camera 0", "A man carrying pipe, camera 1"]
    assert all(still.renditions_status == Still.Renditions.READY for still in stills)
    message = LogEntry.objects.get(object_id=str(case.pk)).get_change_message()
    assert "Added still" in message
