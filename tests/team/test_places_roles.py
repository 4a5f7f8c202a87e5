"""The project's own places on a team server (issue #13, point 2): a lead adds them, every coder's
suggestion engine sees the change (its learning stamp reads them under the coder's own login), and a
coder who tries to add places is told their role does not allow it, with nothing added."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import UserError
from annotator.domain.models import Role
from annotator.services.gazetteer import add_places, count_places
from annotator.services.project_learning import learning_stamp
from tests.unit.test_project_gazetteer import EXTRACT


def test_a_leads_places_reach_every_coder_and_a_coder_cannot_add_them(team_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead = team_server.open_as(team_server.add("lead", Role.LEAD))
    coder = team_server.open_as(team_server.add("coder", Role.CODER))
    extract = tmp_path / "BJ.txt"
    extract.write_text(EXTRACT, encoding="utf-8")
    before = learning_stamp(coder)
    assert add_places(lead, extract).added == 2
    # The coder reads the team's places (row-level security lets every role read them) ...
    assert count_places(coder) == 2
    assert learning_stamp(coder) != before
    # ... but only a lead adds them: refused in the role's words, nothing added.
    with pytest.raises(UserError, match="your role does not allow this"):
        add_places(coder, extract)
    assert count_places(lead) == 2 and learning_stamp(coder) == learning_stamp(lead)
