"""Every error the hand review found in the founding sample's golden file is still in the
output exactly as recorded (``known_errors.json``): a change that fixes one fails here until
its entry is removed, so the list only shrinks by a reviewed fix. The checks that keep the
review files in step with the golden file are in tests/test_golden_files.py."""

from __future__ import annotations

import json

import pytest
from golden_review import ERRORS, _label, what_onrecord_gives


@pytest.mark.parametrize("error", ERRORS, ids=_label)
def test_each_known_error_is_still_in_the_output(article, error):
    produced = json.loads(article.model_dump_json())
    assert what_onrecord_gives(produced, error) == error["onrecord"], (
        f"known error {_label(error)} changed: if it is fixed, remove it from known_errors.json, "
        "mark the field right in review.json and rewrite the golden file (ONRECORD_UPDATE_GOLDEN=1)"
    )
