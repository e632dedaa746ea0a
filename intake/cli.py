"""The `personalsak` command line (Typer)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from intake.config import ConfigError, Settings

app = typer.Typer(
    help="Personalsak: personnel cases as durable Temporal workflows.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)
event_app = typer.Typer(
    help="Send HR events; print their JSON Schema and examples.", no_args_is_help=True
)
case_app = typer.Typer(help="Read cases.", no_args_is_help=True)
org_app = typer.Typer(
    help="The organisation: units, people, roles, councils, delegations.", no_args_is_help=True
)
app.add_typer(event_app, name="event")
app.add_typer(case_app, name="case")
council_app = typer.Typer(help="Appointment councils.", no_args_is_help=True)
app.add_typer(org_app, name="org")
app.add_typer(council_app, name="council")

Address = Annotated[
    str | None,
    typer.Option("--address", envvar="TEMPORAL_ADDRESS", help="Temporal frontend host:port"),
]


def _finish(code: int = 0) -> None:
    """Leave without interpreter finalisation: the Temporal client's core threads may still
    call into Python while it finalises ("PyGILState_Release ... finalizing", SIGABRT)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _emit(data: Any, code: int = 0) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, default=str))
    _finish(code)


HOW_TO_CONFIGURE = (
    "set PERSONALSAK_DATA_DIR (the directory `personalsak up` made) or PERSONALSAK_CODEC_KEYS "
    "and PERSONALSAK_SIGNING_KEYS, in the environment or in the config file "
    '(~/.config/personalsak/config.toml or $PERSONALSAK_CONFIG; README "Configuration")'
)


def _settings() -> Settings:
    """The configuration, or a one-line error (exit 2) instead of a traceback."""
    try:
        return Settings.from_env()
    except (ConfigError, ValueError) as exc:
        _emit({"error": str(exc), "rule": "configuration (README)"}, 2)
        raise  # not reached


def _require_keys(settings: Settings) -> None:
    """Payloads are never sent or read in plain text: without the codec keys (and, to send,
    the signing keys) the CLI refuses, before it touches anything."""
    from intake import signing
    from intake.codec import load_keys

    try:
        codec, signers = load_keys(settings.data_dir), signing.load_keys(settings.data_dir)
    except ValueError as exc:
        _emit({"error": f"bad key configuration: {exc}", "rule": "configuration (README)"}, 2)
    if not codec:
        _emit({"error": f"no codec keys found: {HOW_TO_CONFIGURE}", "rule": "configuration"}, 2)
    if not signers:
        _emit({"error": f"no signing keys found: {HOW_TO_CONFIGURE}", "rule": "configuration"}, 2)


def _register(settings: Settings, new: bool = False) -> Any:
    """The register, which must exist already: the CLI never makes an empty one (a `./data`
    wherever it happens to run). `new` (org load): the data directory must exist (`up` made
    it), the register file may not yet."""
    from activities.store import Store

    url = settings.database_url
    path = Path(url.split("///", 1)[-1])
    if url.startswith("sqlite") and not (path.parent.is_dir() if new else path.exists()):
        _emit({"error": f"no register at {url}: {HOW_TO_CONFIGURE}", "rule": "configuration"}, 2)
    return Store(url)


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


async def _client(address: str | None) -> Any:
    from intake import connect

    settings = _settings()
    _require_keys(settings)
    target = address or settings.temporal_address
    try:
        return await connect(target, register=_register(settings))
    except RuntimeError as exc:
        _emit(
            {"error": f"cannot reach Temporal at {target}: {exc}; start it with `personalsak up`"},
            1,
        )


UP_HELP = (
    "Start everything on one machine: Temporal dev server (SQLite + UI), worker, API.\n\n"
    "The data directory (PERSONALSAK_DATA_DIR or the config file; default ./data) holds "
    "Temporal's database, the register, letters, the logs (personalsak.log: worker and API; "
    "temporal.log: the dev server) and the keys the first `up` makes (codec-keys, "
    "signing-keys), all readable by this user only.\n\n"
    "One `up` per data directory (a second one is refused). Ctrl-C or SIGTERM stops "
    "everything it started."
)


@app.command(help=UP_HELP)
def up(
    temporal_port: Annotated[
        int, typer.Option(help="the Temporal dev server's frontend port (workers, CLI)")
    ] = 7233,
    ui_port: Annotated[
        int,
        typer.Option(
            help="the Temporal UI's port; the codec endpoint allows this origin "
            "(PERSONALSAK_UI_ORIGIN, unless set)"
        ),
    ] = 8233,
    api_port: Annotated[
        int | None,
        typer.Option(help="the HTTP API's port (default PERSONALSAK_API_PORT, else 8000)"),
    ] = None,
) -> None:
    from intake.up import Ports, UpError, run_up

    settings = _settings()
    ports = Ports(temporal_port, ui_port, api_port or settings.api_port)
    try:
        asyncio.run(run_up(settings, ports))
    except UpError as exc:
        typer.echo(f"personalsak up: {exc}", err=True)
        _finish(1)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    _finish(0)


@event_app.command("send")
def event_send(
    file: Annotated[str, typer.Argument(help="event JSON file, or - for standard input")],
    address: Address = None,
) -> None:
    """Send one event. Exit 0 accepted or duplicate; exit 2 refused, with {"error", "rule"}
    (an event id already used for other content too). Refuses to send without the keys."""
    from intake.dispatch import dispatch
    from states.rules import RuleViolation

    settings = _settings()
    _require_keys(settings)
    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        _emit({"error": f"cannot read {file}: {exc.strerror}", "rule": "event contract"}, 2)
    register = _register(settings)

    async def go() -> dict[str, Any]:
        client = await _client(address)
        return await dispatch(
            client,
            raw,
            task_queue=settings.task_queue,
            register=register,
            sender=f"cli:{_os_user()}",
        )

    try:
        _emit(asyncio.run(go()))
    except RuleViolation as exc:
        _emit(exc.as_dict(), 2)


@event_app.command("schema")
def event_schema(
    event_type: Annotated[
        str | None, typer.Argument(help="one event type (e.g. LeaveDecided); none: all")
    ] = None,
) -> None:
    """Print the JSON Schema of one event type, or of every event, with a description on every
    event and field. `personalsak event example TYPE` prints a valid example."""
    from intake import learn

    try:
        typer.echo(json.dumps(learn.schema(event_type), indent=2, ensure_ascii=False))
    except KeyError:
        _unknown_type(event_type)
    _finish()


@event_app.command("example")
def event_example(
    event_type: Annotated[str, typer.Argument(help="the event type, e.g. DisciplineNoticeSent")],
) -> None:
    """Print a valid example of EVENT_TYPE, generated from its model (people and units of
    examples/org.yaml): edit its case_id, actor and payload, then `event send` it."""
    from intake import learn

    try:
        typer.echo(json.dumps(learn.example(event_type), indent=2, ensure_ascii=False))
    except KeyError:
        _unknown_type(event_type)
    _finish()


def _unknown_type(event_type: str | None) -> None:
    from intake.events import BY_NAME

    near = [t for t in BY_NAME if (event_type or "").lower() in t.lower()]
    _emit(
        {"error": f"type: unknown event type {event_type!r}", "rule": "event contract",
         "field": "type", "known": sorted(near or BY_NAME)},
        2,
    )  # fmt: skip


@app.command("demo")
def demo(
    case_type: Annotated[str, typer.Argument(help="leave, discipline or hiring")],
) -> None:
    """Run one whole case of CASE_TYPE on Temporal's time-skipping test server (weeks in
    seconds; a temporary register with examples/org.yaml, its own keys) and print its legal
    trail and letters: leave through the return to work; discipline through notice, council,
    decision, receipt and an appeal; hiring through the council's decision."""
    from intake import demo as demos

    if case_type not in demos.SCRIPTS:
        _emit({"error": f"no demo for {case_type!r}", "known": sorted(demos.SCRIPTS)}, 2)
    result = asyncio.run(demos.run(case_type, typer.echo))
    typer.echo(json.dumps(result, ensure_ascii=False))
    _finish()


@case_app.command("show")
def case_show(
    case_id: str,
    as_json: Annotated[bool, typer.Option("--json", help="the case view as JSON")] = False,
    case_type: Annotated[str | None, typer.Option("--type")] = None,
    live: Annotated[
        bool, typer.Option("--live", help="ask the running case, not the register's read model")
    ] = False,
    address: Address = None,
) -> None:
    """One case: state, history with rules, deadlines, documents, parties."""
    from intake import cases

    register = _register(_settings())
    register.migrate()

    async def go() -> Any:
        replay = live and not cases.erased(register, case_id, case_type)  # issue 14: never
        if not replay and (view := cases.from_register(register, case_id, case_type)):
            return view  # the read model: no server round trip, no replay
        return await cases.show(await _client(address), case_id, case_type)

    view = asyncio.run(go())
    if view is None:
        _emit({"error": f"no case {case_id}", "rule": "event contract (DESIGN.md)"}, 2)
    _log_cli_read(f"{view.case_type}-{case_id}", view)
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
        _finish()
    for line in cases.trail_lines(view):
        typer.echo(line)
    _finish()


@case_app.command("erase")
def case_erase(
    case_id: str,
    rule: Annotated[str, typer.Option(help='the rule that erases it, e.g. "PR-2012 § 18"')],
    by: Annotated[str, typer.Option(help="the HR officer (person id) who erases it")],
    case_type: Annotated[str, typer.Option("--type")] = "discipline",
    address: Address = None,
) -> None:
    """Erase a closed case by rule (docs/retention.md): refused with the rule that keeps it."""
    from activities.store import utcnow
    from intake.codec import load_keys
    from intake.erase import erase
    from intake.keyring import Keyring
    from states.calendar import local_date
    from states.rules import RuleViolation

    settings = _settings()
    register = _register(settings)
    register.migrate()

    async def go() -> dict[str, Any]:
        client = await _client(address)
        keyring = Keyring(register, load_keys(settings.data_dir))
        # Oslo's day, as the sweep checks the rule on (review L2), not the machine's
        return await erase(register, client, keyring, f"{case_type}-{case_id}", rule, by,
                           local_date(utcnow()), settings.mail_dir)  # fmt: skip

    try:
        _emit(asyncio.run(go()))
    except RuleViolation as exc:
        _emit(exc.as_dict(), 2)


@case_app.command("link-report")
def case_link_report(
    case_id: str,
    report_case_id: str,
    by: Annotated[str, typer.Option(help="the HR officer (person id) who links them")],
) -> None:
    """Record that a report of neglect led to a disciplinary case (TI-2020 § 2-5), so PR-2012
    § 18 erases the report with the case: refused with the rule when the register says no."""
    from activities.store import utcnow
    from intake.erase import link_report
    from states.calendar import local_date
    from states.rules import RuleViolation

    register = _register(_settings())
    register.migrate()
    try:
        _emit(link_report(register, case_id, report_case_id, by, local_date(utcnow())))
    except RuleViolation as exc:
        _emit(exc.as_dict(), 2)


@case_app.command("unlink-report")
def case_unlink_report(
    case_id: str,
    by: Annotated[str, typer.Option(help="the HR officer (person id) who unlinks it")],
) -> None:
    """Undo a wrong `link-report` (TI-2020 § 2-5), so the right report can be linked, until
    PR-2012 § 18's erasure is requested: refused with the rule when the register says no."""
    from activities.store import utcnow
    from intake.erase import unlink_report
    from states.calendar import local_date
    from states.rules import RuleViolation

    register = _register(_settings())
    register.migrate()
    try:
        _emit(unlink_report(register, case_id, by, local_date(utcnow())))
    except RuleViolation as exc:
        _emit(exc.as_dict(), 2)


def _log_cli_read(workflow_id: str, view: Any) -> None:
    """The CLI runs where the register and keys are: it reads as the local operator, logged."""
    from intake.access import check_read, local_caller

    store = _register(_settings())
    store.migrate()
    check_read(store, local_caller(), workflow_id, "cli", view)


@case_app.command("list")
def case_list(
    case_type: Annotated[str | None, typer.Option("--type")] = None,
    state: Annotated[str | None, typer.Option("--state")] = None,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    address: Address = None,
) -> None:
    """Cases by their search attributes (type, state, unit)."""
    from intake import cases

    async def go() -> list[dict[str, Any]]:
        return await cases.list_cases(await _client(address), case_type, state, unit)

    for row in asyncio.run(go()):
        typer.echo(json.dumps(row, ensure_ascii=False))
    _finish()


@app.command("tasks")
def tasks(
    person: Annotated[str, typer.Option("--person", help="the register person's id")],
    on: Annotated[
        str | None, typer.Option("--on", help="the day (YYYY-MM-DD; default today)")
    ] = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, help="only tasks due within DAYS of the day (overdue too)"),
    ] = None,
) -> None:
    """A person's tasks: each open case's actions its rule rows allow now that the register
    gives this person authority for, with the rule and the case's deadlines, nearest first.
    Read from the register's read model (no Temporal server needed); logged as your read."""
    from datetime import date

    from activities.store import Store
    from intake.access import Caller, local_caller
    from intake.tasks import tasks_for

    store = Store(_settings().database_url)
    store.migrate()
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        _emit({"error": f"--on: {on!r} is not a date (YYYY-MM-DD)", "field": "on"}, 2)
    if store.person(person) is None:
        _emit({"error": f"--person: {person} is not in the register", "field": "person"}, 2)
    found = tasks_for(store, Caller("person", person), day, operator=local_caller(),
                      within_days=within)  # fmt: skip
    _emit([t.as_dict() for t in found])


@org_app.command("load")
def org_load(file: Path) -> None:
    """Replace the organisation in the register with FILE (YAML or JSON), all or nothing."""
    from intake.org_file import read_org
    from states.rules import RuleViolation

    settings = _settings()
    try:
        org = read_org(file)
    except RuleViolation as exc:
        _emit(exc.as_dict(), 2)
    store = _register(settings, new=True)
    store.migrate()
    _emit({"loaded": store.load_org(org), "database": settings.database_url.split("@")[-1]})


@app.command("apikey")
def apikey(
    name: Annotated[
        str, typer.Argument(help="`create`, `list` or `revoke` (or the HR system's name)")
    ],
    target: Annotated[str | None, typer.Argument(help="with `create`/`revoke`: the system")] = None,
    types: Annotated[
        str,
        typer.Option("--events", "--types", help="event types it may send, comma-separated, *"),
    ] = "*",
    units: Annotated[
        str,
        typer.Option(help="units (or regions) whose cases it may send for, comma-separated, *"),
    ] = "",
    act_for: Annotated[
        str,
        typer.Option(
            "--act-for",
            help="people it may name as actor, comma-separated; * anyone in its units; "
            "empty: nobody",
        ),
    ] = "",
    read_types: Annotated[
        str, typer.Option(help="case types it may read (GET /cases), comma-separated, or *")
    ] = "",
    read_units: Annotated[
        str, typer.Option(help="units whose cases it may read, comma-separated, or *")
    ] = "",
) -> None:
    """`apikey create NAME --events T,... --units U,... --act-for ID,...|*` issues a key for an
    HR system (printed once; only its hash is stored); `apikey list` shows systems and scopes
    (never keys); `apikey revoke NAME` removes one."""
    from activities.store import AccessRegister
    from intake.apikeys import ALL, issue
    from intake.events import BY_NAME
    from workflows.catalog import WORKFLOWS

    store = _register(_settings())
    store.migrate()
    access = AccessRegister(store)
    if name == "list":
        for client, scope in access.api_clients():
            typer.echo(
                json.dumps(
                    {
                        "name": client.name,
                        "event_types": client.event_types,
                        "read_types": scope.case_types if scope else [],
                        "read_units": scope.units if scope else [],
                        **_send_scope(store, client.name),
                        "created_at": client.created_at.isoformat(),
                    }
                )
            )
        _finish()
    if name == "revoke":
        if not target:
            _emit({"error": "revoke: name the system", "field": "name"}, 2)
        removed = access.remove_api_client(target or "")
        _emit(
            {"revoked": target} if removed else {"error": f"no system {target}"},
            0 if removed else 2,
        )

    if name == "create":
        if not target:
            _emit({"error": "create: name the system", "field": "name"}, 2)
        name = target or ""

    def items(text: str) -> list[str]:
        return [t.strip() for t in text.split(",") if t.strip()]

    serves, people = items(units), items(act_for)
    bad_serves = [u for u in serves if u != ALL and store.unit(u) is None]
    if bad_serves:
        _emit({"error": f"units: not in the register {bad_serves}", "field": "units"}, 2)
    bad_people = [p for p in people if p != ALL and store.person(p) is None]
    if bad_people:
        _emit({"error": f"act-for: not in the register {bad_people}", "field": "act-for"}, 2)
    wanted, readable, units_read = items(types), items(read_types), items(read_units)
    unknown = [t for t in wanted if t != ALL and t not in BY_NAME]
    if unknown or not wanted:
        _emit({"error": f"types: unknown event types {unknown}", "rule": "event contract"}, 2)
    bad_types = [t for t in readable if t != ALL and t not in WORKFLOWS]
    if bad_types:
        _emit({"error": f"read-types: unknown case types {bad_types}", "field": "read-types"}, 2)
    bad_units = [u for u in units_read if u != ALL and store.unit(u) is None]
    if bad_units:
        _emit({"error": f"read-units: not in the register {bad_units}", "field": "read-units"}, 2)
    key = issue(store, name, wanted, readable, units_read, units=serves, act_for=people)
    _emit(
        {
            "name": name,
            "event_types": wanted,
            "read_types": readable,
            "read_units": units_read,
            "units": serves,
            "act_for": people,
            "api_key": key,
        }
    )


def _send_scope(store: Any, name: str) -> dict[str, list[str]]:
    """A key's send scope for `apikey list`: the units it serves and whom it may act for."""
    row = store.send_scope(name)
    return {"units": row.units if row else [], "act_for": row.act_for if row else []}


keys_app = typer.Typer(help="The codec's master keys and the per-case data keys.",
                       no_args_is_help=True)  # fmt: skip
app.add_typer(keys_app, name="keys")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-wrap every case's data key with the first master key of PERSONALSAK_CODEC_KEYS (put
    the new key first, keep the old ones until this has run); Temporal's history is untouched."""
    from intake.codec import load_keys
    from intake.keyring import Keyring

    settings = _settings()
    _require_keys(settings)
    register = _register(settings)
    register.migrate()
    rewrapped = Keyring(register, load_keys(settings.data_dir)).rotate()
    _emit({"rewrapped": rewrapped, "master_key": load_keys(settings.data_dir)[0][0]}, 0)


@app.command("audit")
def audit(
    case_id: Annotated[str | None, typer.Argument(help="a case id or workflow id")] = None,
    person: Annotated[
        str | None, typer.Option(help="reads by one reader (person id, system)")
    ] = None,
) -> None:
    """Who read a case (API, CLI, codec), when, on what ground; or what one reader read."""
    from activities.store import AccessRegister

    if not case_id and not person:
        _emit({"error": "name a case or --person", "field": "case_id"}, 2)
    store = _register(_settings())
    store.migrate()
    for row in AccessRegister(store).entries(case_id, person):
        typer.echo(
            json.dumps(
                {
                    "at": row.at.isoformat(),
                    "reader": row.reader,
                    "workflow_id": row.workflow_id,
                    "ground": row.ground,
                    "channel": row.channel,
                },
                ensure_ascii=False,
            )
        )
    _finish()


@council_app.command("representatives")
def council_representatives(file: Path) -> None:
    """PR-2012 § 12: which organisations appoint the council's employee representatives.

    FILE (JSON or YAML): {"organisations": [{"name", "members", "confederation"}],
    "pooling": [confederations that pool], "agreed": [organisations] (optional)}. Only the
    organisations the register holds as forhandlingsberettiget count (`org load`, `unions`)."""
    import yaml
    from pydantic import ValidationError

    from states.org import entitled_unions
    from states.representatives import Organisation, who_appoints
    from states.rules import RuleViolation

    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    entitled = entitled_unions(_register(_settings()).unions())
    try:
        orgs = [Organisation.model_validate(o) for o in data.get("organisations", [])]
        result = who_appoints(orgs, entitled=entitled, pooling=set(data.get("pooling", [])),
                              agreed=data.get("agreed"))  # fmt: skip
    except ValidationError as exc:
        first = exc.errors()[0]
        _emit(
            {
                "error": f"organisations: {first['msg']}",
                "rule": "PR-2012 § 12",
                "field": "organisations." + ".".join(str(p) for p in first["loc"]),
            },
            2,
        )
    except RuleViolation as exc:
        _emit(exc.as_dict(), 2)
    _emit(result.model_dump())


@app.command()
def docs(out: Path = Path("docs/machines"), readme: Path = Path("README.md")) -> None:
    """Regenerate the machine diagrams in docs/ from the rule rows (with the event types that
    fire each trigger), and README's authority table ("Who may do what") from
    states/authority.py."""
    from intake.learn import events_by_trigger
    from states.authority import with_authority_table
    from states.catalog import MACHINES

    if readme.exists():
        readme.write_text(with_authority_table(readme.read_text(encoding="utf-8")), "utf-8")
        typer.echo(str(readme))

    out.mkdir(parents=True, exist_ok=True)
    for name, spec in MACHINES.items():
        (out / f"{name}.md").write_text(spec.document(events_by_trigger(name)), "utf-8")
        typer.echo(str(out / f"{name}.md"))


if __name__ == "__main__":
    app()
