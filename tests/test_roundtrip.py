"""Round trips, proved over generated records: whatever `add` accepts survives
add → export → import (into an empty store) → export unchanged, in JSON, NDJSON and CSV."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Result
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import FORMATS, KINDS, RECORD_KEYS, STATUSES, complete_record
from cstolog.domain.reference import load_reference
from cstolog.formats.data import records_csv, records_ndjson
from cstolog.services.readers import read_csv, read_ndjson
from cstolog.services.records import prepare_new
from cstolog.services.transfer import candidate_from, check_incoming
from transfer_helpers import cli_in, raw_stdout

REF = load_reference()
NOW = "2030-01-01T00:00:00Z"
BODIES = [b.code for b in REF.bodies]
STATES = [s.code for s in REF.states]
# Characters that CSV, the list escapes and formula neutralising must survive.
TRICKY = list(",;|\\\"'\n\r\t=+-@ \x00\x1b\u2028\u202e\ufeff") + ["\r\n", "\\;", "\\|"]
LEADS = ["", "", "", "=", "+", "-", "@", "'", "''", "\t", "\r", " ", "\\", ";", "|"]

pieces = st.one_of(st.characters(codec="utf-8"), st.sampled_from(TRICKY))
piece_text = st.lists(pieces, max_size=8).map("".join)
texts = st.builds(str.__add__, st.sampled_from(LEADS), piece_text).filter(bool)
optional_text = st.none() | texts
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 20))
states = st.sampled_from(STATES)


def _date_forms(day: date) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [day.isoformat(), f"{day.day}.{day.month}.{day.year}", day.strftime("%d %B %Y")]
    )


@st.composite
def meetings(draw: st.DrawFn) -> dict[str, Any]:
    """A meeting as a person gives it to `add --from-json`: codes or names, any date form."""
    day = draw(days)
    attendance = draw(st.lists(states, unique=True, max_size=5))
    split = draw(st.integers(0, len(attendance)))
    bodies = draw(st.lists(st.sampled_from(BODIES), min_size=1, max_size=3, unique=True))
    fields: dict[str, Any] = {
        "date": draw(_date_forms(day)),
        "end_date": draw(
            st.none() | st.integers(0, 10).map(lambda n: (day + timedelta(n)).isoformat())
        ),
        "bodies": [draw(st.sampled_from([c, REF.body_name(c)])) for c in bodies],
        "title": draw(optional_text),
        "number": draw(st.none() | st.integers(1, 100_000) | st.sampled_from(["XVI", "20th"])),
        "kind": draw(st.sampled_from(KINDS)),
        "status": draw(st.sampled_from(STATUSES)),
        "location": draw(st.none() | st.sampled_from(["Minsk", "Moscow", "Yerevan"]) | texts),
        "country": draw(st.none() | st.sampled_from(["Belarus", "armenia", "Serbia"]) | texts),
        "venue": draw(optional_text),
        "online": draw(st.booleans()),
        "chair": draw(optional_text),
        "chair_state": draw(st.none() | states),
        "host_state": draw(st.none() | states),
        "formats": draw(st.lists(st.sampled_from(FORMATS), unique=True)),
        "attended": attendance[:split],
        "absent": attendance[split:],
        "participants": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"name": texts, "state": st.none() | states, "role": optional_text}
                ),
                max_size=3,
            )
        ),
        "topics": draw(st.lists(texts, max_size=2)),
        "decisions": draw(st.lists(texts, max_size=2)),
        "sources": draw(st.lists(texts, max_size=2)),
        "tags": draw(st.lists(texts, max_size=2)),
        "notes": draw(optional_text),
    }
    # A person leaves fields out rather than giving null: both must work.
    return {k: v for k, v in fields.items() if v is not None or draw(st.booleans())}


def invoke(store: Path, *args: str, input: bytes | None = None) -> Result:
    return cli_in(store, *args, input=input)


def raw(store: Path, *args: str) -> bytes:
    return raw_stdout(store, *args)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(meetings(), min_size=1, max_size=3))
def test_add_export_import_export_is_identical(given_meetings: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        store = base / "a.json"
        added = invoke(store, "add", "--from-json", "-", input=json.dumps(given_meetings).encode())
        assert added.exit_code == 0, added.stderr
        as_json = raw(store, "export")
        for fmt in ("json", "ndjson", "csv"):
            exported = raw(store, "export", "-o", fmt)
            path = base / f"export.{fmt}"
            path.write_bytes(exported)
            other = base / f"b-{fmt}.json"
            imported = invoke(other, "import", str(path))
            assert imported.exit_code == 0, imported.stderr
            assert f"added {len(given_meetings)}," in imported.stderr
            assert raw(other, "export", "-o", fmt) == exported
            assert raw(other, "export") == as_json


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(meetings(), min_size=1, max_size=4))
def test_csv_and_ndjson_readers_give_back_the_records(given_meetings: list[dict[str, Any]]) -> None:
    """The same property on the readers alone, without the CLI: larger batches, cheaper."""
    records = []
    for number, raw_fields in enumerate(given_meetings):
        record = complete_record(prepare_new(raw_fields, REF))
        record.update(
            id=f"m-{number}", created="2024-01-01T00:00:00Z", updated="2024-01-02T00:00:00Z"
        )
        records.append(record)
    for reader, data in ((read_csv, records_csv(records)), (read_ndjson, records_ndjson(records))):
        items = reader(io.BytesIO(data), "generated", lambda _done: None)
        back = [c.record for c in check_incoming(items, REF, now="2030-01-01T00:00:00Z")]
        assert back == records


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["name", "state", "role", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*RECORD_KEYS, "extra"]),
        json_values | st.sampled_from(["2023-11-23", "CSC", "AM", ["CSC"], "Minsk"]),
        max_size=8,
    )
)
def test_any_json_object_is_accepted_or_refused_with_invalid_input(raw: dict[str, Any]) -> None:
    """Whatever a file holds, checking it gives a record or InvalidInput, never a crash."""
    try:
        candidate = candidate_from(raw, REF, source="f", where="record 1", now=NOW)
    except InvalidInput:
        return
    assert candidate.record["bodies"] and candidate.record["date"]
