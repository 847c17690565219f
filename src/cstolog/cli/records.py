"""Commands that change or show single meetings: add, edit, delete, show."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    Output,
    OutputOpt,
    complete_ids,
    get_store,
    on_terminal,
    reference,
    resolve_output,
    say,
    split_values,
    state_of,
    write_bytes,
)
from cstolog.cli.output import emit
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import PARTICIPANT_SYNTAX, RECORD_KEYS, Meeting
from cstolog.formats.results import MeetingDetail
from cstolog.services import records as record_service
from cstolog.services.reads import meetings_by_id
from cstolog.services.records import add_meetings, delete_meetings, prepare_new

_LIST = list[str] | None
_TEXT = str | None


def _opt(*names: str, help: str, **extra: Any) -> Any:
    return typer.Option(*names, help=help, **extra)


# (record key, annotation, option names, help, split commas)
_FIELD_OPTIONS: list[tuple[str, Any, tuple[str, ...], str, bool]] = [
    ("date", _TEXT, ("--date", "-d"), "Date (2023-11-23, 23 November 2023, 23.11.2023).", False),
    ("end_date", _TEXT, ("--end-date",), "Last day of a multi-day meeting.", False),
    ("bodies", _LIST, ("--body", "-b"), "Body code or name; repeat or separate with commas.", True),
    ("title", _TEXT, ("--title",), "Title, e.g. 'XVI meeting of the Council of the CCC'.", False),
    ("number", _TEXT, ("--number",), "Number of the meeting: 16, XVI or 16th.", False),
    ("kind", _TEXT, ("--kind",), "regular, extraordinary, informal or jubilee.", False),
    ("status", _TEXT, ("--status",), "held, planned, postponed or cancelled.", False),
    ("location", _TEXT, ("--location",), "City.", False),
    ("country", _TEXT, ("--country",), "Country.", False),
    ("venue", _TEXT, ("--venue",), "Building, e.g. 'Independence Palace'.", False),
    ("online", bool | None, ("--online/--in-person",), "Held by videoconference.", False),
    ("chair", _TEXT, ("--chair",), "The person who chaired.", False),
    ("chair_state", _TEXT, ("--chair-state",), "The state that chaired.", False),
    ("host_state", _TEXT, ("--host-state",), "The state that hosted.", False),
    ("formats", _LIST, ("--format",), "narrow or extended, in order; repeatable.", True),
    ("attended", _LIST, ("--attended",), "States present; repeat or separate with commas.", True),
    ("absent", _LIST, ("--absent",), "States absent; repeat or separate with commas.", True),
    ("participants", _LIST, ("--participant",), f"A person: {PARTICIPANT_SYNTAX}.", False),
    ("topics", _LIST, ("--topic",), "A topic discussed; repeatable.", False),
    ("decisions", _LIST, ("--decision",), "A decision adopted; repeatable.", False),
    ("sources", _LIST, ("--source",), "A source URL; repeatable.", False),
    ("tags", _LIST, ("--tag",), "A label; repeat or separate with commas.", True),
    ("notes", _TEXT, ("--note",), "Free text notes.", False),
]

F = TypeVar("F", bound=Callable[..., Any])


def with_field_options(func: F) -> F:
    """Give a command one option per record field; it receives the given ones as
    ``fields`` (a dict of record key → raw value), so add and edit stay in step."""
    signature = inspect.signature(func, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "fields"]
    extra = [
        inspect.Parameter(
            key,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[annotation, _opt(*names, help=help_text)],
        )
        for key, annotation, names, help_text, _ in _FIELD_OPTIONS
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fields: dict[str, Any] = {}
        for key, annotation, _names, _help, split in _FIELD_OPTIONS:
            value = kwargs.pop(key, None)
            if value is None or (annotation is _LIST and not value):
                continue
            fields[key] = split_values(value) if split else value
        kwargs["fields"] = fields
        return func(*args, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*own, *extra]
    )
    return wrapper  # type: ignore[return-value]


def _read_json_records(source: str) -> list[tuple[str, Any]]:
    """(place, record) for each record of a JSON file, read as strictly as ``import``
    reads one: InvalidInput naming the place of anything malformed."""
    from cstolog.services.readers import read_json

    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None
    with stream:
        return [(item.place, item.raw) for item in read_json(stream, source)]


@app.command()
@with_field_options
def add(
    ctx: typer.Context,
    fields: dict[str, Any],
    from_json: Annotated[
        str | None,
        typer.Option(
            "--from-json",
            help="Add the record (or list of records) in this JSON "
            "file; '-' reads stdin. All valid, or nothing is stored.",
        ),
    ] = None,
    output: Annotated[
        Output,
        typer.Option(
            "--output",
            "-o",
            help="table: the id; json/ndjson/csv: the stored record.",
            case_sensitive=False,
        ),
    ] = Output.table,
    duplicate: Annotated[
        str | None,
        typer.Option(
            "--duplicate",
            help="A meeting with the same bodies, date and location as a stored one: ask "
            "(the default on a terminal), add it with a note (the default in scripts), "
            "skip it, or fail.",
        ),
    ] = None,
) -> None:
    """Record a meeting. Prints the new id on stdout (id=$(cstolog add ...))."""
    ref = reference()
    dayfirst = state_of(ctx).dayfirst
    if from_json is not None:
        if fields:
            raise InvalidInput("--from-json cannot be combined with field options")
        from cstolog.services.readers import checked_object

        prepared = []
        for place, raw in _read_json_records(from_json):
            try:
                prepared.append(prepare_new(checked_object(raw), ref, dayfirst=dayfirst))
            except InvalidInput as exc:
                raise type(exc)(f"{place}: {exc}") from None
    else:
        _prompt_for_missing(fields)
        prepared = [prepare_new(fields, ref, dayfirst=dayfirst)]
    from cstolog.cli.journal_hook import journal_hook

    store = get_store(ctx)
    choice = (duplicate or ("ask" if on_terminal() else "add")).casefold()
    if choice == "ask":
        choice = _ask_about_duplicates(store, prepared)
    result = add_meetings(store, prepared, on_commit=journal_hook("add"), duplicates=choice)
    if result.created_folder:
        say(f"created folder {result.created_folder}")
    for new_id, existing in result.duplicates:
        if new_id:
            say(f"note: {new_id} has the same bodies, date and location as {existing}")
        else:
            say(f"skipped: the same bodies, date and location as {existing}")
    _emit_changed(result.meetings, output)
    count = len(result.meetings)
    say(f"added {count} meeting{'s' if count != 1 else ''}")


def _ask_about_duplicates(store: Any, prepared: list[Any]) -> str:
    """On a terminal: "add" or "skip" as the person answers, for the meetings that match
    a stored one; "add" when none does."""
    from cstolog.domain.errors import StoreUnreadable
    from cstolog.domain.model import complete_record, duplicate_key

    try:
        stored = {duplicate_key(r): r["id"] for r in store.read().records}
    except StoreUnreadable:
        return "add"  # no store yet: nothing to match
    matches = [stored[k] for f in prepared if (k := duplicate_key(complete_record(f))) in stored]
    if not matches:
        return "add"
    question = f"{', '.join(matches)} has the same bodies, date and location. Add anyway?"
    return "add" if typer.confirm(question, default=False, err=True) else "skip"


def _emit_changed(meetings: list[Meeting], output: Output) -> None:
    """What add and edit print: the stored records for json/ndjson/csv, else their ids."""
    if output in (Output.json, Output.ndjson, Output.csv):
        emit(MeetingDetail(meetings, reference()), output.value)
    else:
        write_bytes("".join(f"{m.id}\n" for m in meetings).encode())


def _prompt_for_missing(fields: dict[str, Any]) -> None:
    """On a terminal, ask for the required fields not given; elsewhere it is an error."""
    missing = [key for key in ("date", "bodies") if key not in fields]
    if not missing:
        return
    if not on_terminal():
        flags = " and ".join("--date" if k == "date" else "--body" for k in missing)
        raise InvalidInput(f"{flags} required (cstolog only asks on a terminal)")
    if "date" in missing:
        fields["date"] = _ask("date", "Date (e.g. 2023-11-23)", lambda text: text)
    if "bodies" in missing:
        fields["bodies"] = _ask(
            "bodies", "Body (code or name, e.g. CSC)", lambda text: split_values([text])
        )


def _ask(key: str, question: str, read: Callable[[str], Any]) -> Any:
    """Ask until the answer is valid: an invalid one is said, and asked again, so that
    nothing typed before is lost."""
    from cstolog.domain.model import validate_fields

    while True:
        answer = read(typer.prompt(question, err=True))
        try:
            validate_fields({key: answer}, reference())
        except InvalidInput as exc:
            say(f"cstolog: {exc}; try again")
            continue
        return answer


def _long_name(names: tuple[str, ...]) -> str:
    return next(n for n in names if n.startswith("--")).split("/")[0][2:]


# (record key, what the option is called after --add-/--remove-, split commas)
_LIST_EDITS = [
    (key, _long_name(names), split)
    for key, annotation, names, _help, split in _FIELD_OPTIONS
    if annotation is _LIST
]


def with_list_edits(func: F) -> F:
    """Give ``edit`` an --add-X and a --remove-X option for every list field X; it
    receives them as ``add`` and ``remove`` (record key → items)."""
    signature = inspect.signature(func, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name not in ("add", "remove")]
    extra = [
        inspect.Parameter(
            f"{verb}_{key}",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                _LIST,
                _opt(
                    f"--{verb}-{name}",
                    help=f"{verb.capitalize()} this {name} ({'to' if verb == 'add' else 'from'} "
                    f"the list); repeatable.",
                ),
            ],
        )
        for verb in ("add", "remove")
        for key, name, _split in _LIST_EDITS
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for verb in ("add", "remove"):
            chosen: dict[str, list[str]] = {}
            for key, _name, split in _LIST_EDITS:
                value = kwargs.pop(f"{verb}_{key}", None)
                if value:
                    chosen[key] = split_values(value) if split else list(value)
            kwargs[verb] = chosen
        return func(*args, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*own, *extra]
    )
    return wrapper  # type: ignore[return-value]


_CLEARABLE = [k for k in RECORD_KEYS if k not in ("id", "date", "bodies", "created", "updated")]


@app.command()
@with_field_options
@with_list_edits
def edit(
    ctx: typer.Context,
    meeting_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Meeting id or unique prefix.", autocompletion=complete_ids
        ),
    ],
    fields: dict[str, Any],
    add: dict[str, list[str]],
    remove: dict[str, list[str]],
    editor: Annotated[
        bool,
        typer.Option(
            "--editor",
            help="Open the record in $VISUAL or $EDITOR as JSON; saved, it is checked and "
            "stored (an invalid one opens again with the error on top).",
        ),
    ] = False,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear", help="Empty this field (repeatable): " + ", ".join(_CLEARABLE) + "."
        ),
    ] = None,
    output: Annotated[
        Output,
        typer.Option(
            "--output", "-o", help="json/ndjson/csv: print the edited record.", case_sensitive=False
        ),
    ] = Output.table,
) -> None:
    """Change fields of a meeting. A list option (--tag X) replaces the whole list;
    --add-tag X and --remove-tag X change one item. The id stays, even with the date."""
    to_clear = split_values(clear)
    if editor:
        if fields or to_clear or add or remove:
            raise InvalidInput("--editor cannot be combined with field options")
        fields = _edit_in_editor(get_store(ctx), meeting_id, state_of(ctx).dayfirst)
        if not fields:
            say("nothing changed")
            return
    if not fields and not to_clear and not add and not remove:
        raise InvalidInput(
            "nothing to change: give field options, --add-X/--remove-X or --clear FIELD"
        )
    for key in set(fields) & set(to_clear):
        raise InvalidInput(f"{key}: both set and cleared")
    for key in (set(fields) | set(to_clear)) & (set(add) | set(remove)):
        raise InvalidInput(f"{key}: both replaced and changed item by item; give one")
    from cstolog.cli.journal_hook import journal_hook

    outcome = record_service.edit(
        get_store(ctx),
        meeting_id,
        fields,
        to_clear,
        reference(),
        dayfirst=state_of(ctx).dayfirst,
        on_commit=journal_hook("edit"),
        add=add,
        remove=remove,
    )
    meeting = outcome.after
    _emit_changed([meeting], output)
    for key, _name, _split in _LIST_EDITS:
        old, new = outcome.before.get(key), meeting.get(key)
        if key in fields and old and old != new:
            say(f"note: {key} replaced (was {_items(old)}); --add-X and --remove-X change one item")
    if outcome.before.date != meeting.date:
        say(f"note: the date changed to {meeting.date}; the id stays {meeting.id}")
    say(f"updated {meeting.id}" if outcome.changed else f"{meeting.id}: nothing changed")


_NOT_EDITED = ("id", "created", "updated")


def _edit_in_editor(store: Any, meeting_id: str, dayfirst: bool) -> dict[str, Any]:
    """The fields the person changed in $EDITOR (empty when the file came back as it
    was). An invalid file opens again with the error on its first lines."""
    import json

    from cstolog.cli.editor import edit_until_valid
    from cstolog.domain.model import meeting_to_doc, validate_fields

    (meeting,) = meetings_by_id(store, [meeting_id])
    current = {k: v for k, v in meeting_to_doc(meeting).items() if k not in _NOT_EDITED}

    def check(body: str) -> dict[str, Any]:
        try:
            parsed = json.loads(body)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
        if not isinstance(parsed, dict):
            raise InvalidInput("the record must be one JSON object")
        changed = {k: v for k, v in parsed.items() if current.get(k, object()) != v}
        for key in (k for k in current if k not in parsed):
            changed[key] = None  # a key taken out: cleared
        validate_fields(changed, reference(), dayfirst=dayfirst)
        return changed

    text = json.dumps(current, indent=2, ensure_ascii=False) + "\n"
    return edit_until_valid(text, check) or {}


def _items(values: tuple[Any, ...]) -> str:
    from cstolog.domain.model import Participant

    shown = [v.name if isinstance(v, Participant) else str(v) for v in values]
    text = ", ".join(shown)
    return text if len(text) <= 120 else text[:117] + "..."


@app.command()
def delete(
    ctx: typer.Context,
    meeting_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Meeting ids or unique prefixes.", autocompletion=complete_ids
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (for scripts).")] = False,
) -> None:
    """Delete meetings. Asks on a terminal; scripts must pass --yes."""
    store = get_store(ctx)
    if not yes:
        if not on_terminal():
            raise InvalidInput("delete needs --yes when not run on a terminal")
        chosen = meetings_by_id(store, meeting_ids)
        listed = ", ".join(m.id for m in chosen)
        if not typer.confirm(f"Delete {listed}?", default=False, err=True):
            say("nothing deleted")
            raise typer.Exit(1)
    from cstolog.cli.journal_hook import journal_hook

    removed = delete_meetings(store, meeting_ids, on_commit=journal_hook("delete"))
    write_bytes("".join(f"{m.id}\n" for m in removed).encode())
    say(f"deleted {len(removed)} meeting{'s' if len(removed) != 1 else ''}")


@app.command()
def show(
    ctx: typer.Context,
    meeting_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Meeting ids or unique prefixes (one or more).",
            autocompletion=complete_ids,
        ),
    ],
    output: OutputOpt = None,
) -> None:
    """Show meetings in full (-o json: one object for one id, an array for several)."""
    chosen = meetings_by_id(get_store(ctx), meeting_ids)
    emit(MeetingDetail(chosen, reference()), resolve_output(output).value)
