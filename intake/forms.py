"""A form for an action, generated from its event's payload model (intake/events.py), and the
payload read back from what the browser sent. Only the shape is decided here: every value is
judged by the same event parsing and guards at the door (intake/dispatch.py)."""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

# Bokmål labels of the payload fields (issue 15 review: the people's pages in bokmål); a field
# not named here shows its name (tests/test_people_pages.py checks every event's fields).
LABELS = {
    "absence": "Fravær",
    "absence_details": "Nærmere om fraværet",
    "absent_employee_ids": "Fraværende ansatte (ID-er)",
    "acting_for": "Konstituert for",
    "affects_service": "Berører tjenesten",
    "applicant_id": "Søker (ID)",
    "applicant_ids": "Søkere (ID-er)",
    "appointee": "Den som tilsettes",
    "assessment": "Vurdering",
    "assessment_wanted": "Vurdering ønskes",
    "available_from": "Tilgjengelig fra",
    "basis": "Grunnlag",
    "birth_date": "Fødselsdato",
    "chain_vacancy": "Kjedevakanse",
    "channels": "Kanaler",
    "choice": "Stemme",
    "comment": "Kommentar",
    "concerns_employee_id": "Gjelder ansatt (ID)",
    "conditions": "Vilkår",
    "conduct_clause": "Vandelsklausul",
    "confirmed_on": "Bekreftet dato",
    "consider": "Behandles",
    "contact": "Kontakt",
    "conversion": "Omgjøring",
    "council_id": "Tilsettingsråd (ID)",
    "danger_or_loss": "Fare eller tap",
    "deadline": "Frist",
    "deputy_id": "Vararepresentant (ID)",
    "description": "Beskrivelse",
    "detriment_reasons": "Begrunnelse for endring til skade",
    "direction": "Retning",
    "disqualified": "Inhabil",
    "documents_seen": "Dokumenter gjennomgått",
    "draft_text": "Utkast til tekst",
    "duration_months": "Varighet (måneder)",
    "education": "Utdanning",
    "email": "E-post",
    "employee_id": "Ansatt (ID)",
    "end": "Sluttdato",
    "exception_reason": "Begrunnelse for unntak",
    "exemption_reason": "Begrunnelse for unntak fra offentlig søkerliste",
    "exemption_requested": "Ber om unntak fra offentlig søkerliste",
    "experience": "Erfaring",
    "explanation": "Forklaring",
    "facts": "Faktiske forhold",
    "fewer_reason": "Begrunnelse for færre",
    "form": "Form",
    "full_time": "Heltid",
    "gender": "Kjønn",
    "giver": "Giver",
    "granted": "Innvilget",
    "granted_end": "Innvilget til",
    "granted_start": "Innvilget fra",
    "ground": "Grunnlag",
    "grounds": "Klagegrunner",
    "health_reason": "Helsemessig grunn",
    "health_requirement": "Helsekrav",
    "held_on": "Holdt dato",
    "hours_per_month": "Timer per måned",
    "humane_reason": "Menneskelig grunn",
    "information": "Opplysninger",
    "inmate_ref": "Innsatt (referanse)",
    "instruction": "Instruks",
    "interviewees": "Innkalles til intervju",
    "kind": "Type",
    "known": "Kjent fra før",
    "last_day": "Siste arbeidsdag",
    "legal_basis": "Hjemmel",
    "measure": "Tiltak",
    "measures": "Tiltak",
    "meeting_on": "Møtedato",
    "months": "Måneder",
    "municipality": "Kommune",
    "name": "Navn",
    "nav_registered_on": "Registrert hos NAV",
    "nearest_superior_id": "Nærmeste overordnede (ID)",
    "new_end": "Ny sluttdato",
    "new_information": "Nye opplysninger",
    "not_qualified": "Ikke kvalifisert",
    "note": "Merknad",
    "notes": "Merknader",
    "nothing_more": "Parten har ikke mer å tilføye",
    "notice_sent_on": "Varsel sendt dato",
    "ordering": "Rekkefølge",
    "ordering_duty": "Pålagt tjeneste",
    "organisation": "Organisasjon",
    "outcome": "Utfall",
    "own_pages_on": "Egne sider dato",
    "paid": "Med lønn",
    "participants": "Deltakere",
    "permanent": "Fast stilling",
    "person_id": "Person (ID)",
    "positions": "Stillinger",
    "post_kind": "Stillingstype",
    "posted_on": "Postlagt dato",
    "posted_source": "Kilde for postlagt dato",
    "probation": "Prøvetid",
    "probation_months": "Prøvetid (måneder)",
    "procedure": "Behandlingsmåte",
    "professionally_related": "Faglig relevant",
    "qualifications": "Kvalifikasjoner",
    "qualified": "Kvalifisert",
    "ranked": "Rangert",
    "reaction": "Reaksjon",
    "reason": "Begrunnelse",
    "reasons": "Begrunnelse",
    "received_on": "Mottatt dato",
    "recommends": "Anbefaler",
    "referee": "Referanse (person)",
    "reference": "Referanse",
    "references_objection": "Motsetter seg at tidligere arbeidsgiver kontaktes",
    "refused": "Avslått",
    "refused_reasons": "Begrunnelse for avslag",
    "relation": "Forhold",
    "reply_days": "Svarfrist (dager)",
    "report_case_id": "Meldingssak (ID)",
    "representative": "Representant",
    "returned_on": "Tilbake dato",
    "salary": "Lønn",
    "scope": "Omfang",
    "seat": "Sete",
    "seniority_months": "Tap av ansiennitet (måneder)",
    "service_reason": "Tjenstlig grunn",
    "signed_on": "Signert dato",
    "since": "Siden",
    "source": "Kilde",
    "special_terms": "Særlige vilkår",
    "start": "Startdato",
    "start_date": "Startdato",
    "statement": "Uttalelse",
    "status": "Status",
    "substitute_id": "Vararepresentant (ID)",
    "summary": "Sammendrag",
    "suspensive_effect": "Utsatt iverksetting",
    "suspensive_reasons": "Begrunnelse for utsatt iverksetting",
    "temporary_ground": "Grunnlag for midlertidig tilsetting",
    "temporary_ground_details": "Nærmere om grunnlaget",
    "through_intermediary": "Gitt gjennom mellommann",
    "title": "Tittel",
    "training": "Opplæring",
    "training_duty": "Utdanningsplikt",
    "uncontroversial": "Ukontroversiell",
    "unit_id": "Enhet (ID)",
    "valid_to": "Gyldig til",
    "value_nok": "Verdi (kroner)",
    "weekly_hours": "Timer per uke",
    "what": "Hva",
    "withheld": "Unntatt innsyn",
    "work_areas": "Arbeidsområder",
    "workplace": "Arbeidssted",
    "written": "Skriftlig",
}
# Free text a person writes at length (issue 15 re-review L6: an appeal's grounds, any reason,
# assessment or statement): a text area, never a one-line field.
LONG_TEXT = ("reason", "facts", "text", "summary", "statement", "comment", "note", "reply",
             "grounds", "assessment", "description", "explanation", "information", "details",
             "measures", "conditions", "instruction")  # fmt: skip


@dataclass
class FormField:
    name: str
    label: str
    kind: Literal["text", "textarea", "number", "checkbox", "date", "select", "json"]
    required: bool
    choices: list[str] = field(default_factory=list)
    description: str = ""
    default: str = ""


def _plain(annotation: Any) -> tuple[Any, bool]:
    """The annotation without None, and whether None was allowed."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else annotation), True
    return annotation, False


def _pattern_choices(info: FieldInfo) -> list[str]:
    for m in info.metadata:
        pattern = getattr(m, "pattern", None)
        if pattern and (found := re.fullmatch(r"\^\(([\w|]+)\)\$", pattern)):
            return found.group(1).split("|")
    return []


def fields_of(model: type[BaseModel]) -> list[FormField]:
    out = []
    for name, info in model.model_fields.items():
        annotation, optional = _plain(info.annotation)
        required = info.is_required()
        default = "" if required or info.default in (None, "") else str(info.default)
        common = {"name": name, "label": LABELS.get(name, name.replace("_", " ")),
                  "required": required,
                  "description": info.description or "", "default": default}  # fmt: skip
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = [str(e.value) for e in annotation]
            out.append(FormField(kind="select", choices=choices, **common))
        elif typing.get_origin(annotation) is Literal:
            choices = [str(a) for a in typing.get_args(annotation)]
            out.append(FormField(kind="select", choices=choices, **common))
        elif annotation is bool:
            out.append(FormField(kind="checkbox", **common))
        elif annotation is int:
            out.append(FormField(kind="number", **common))
        elif annotation is date:
            out.append(FormField(kind="date", **common))
        elif annotation is str and (choices := _pattern_choices(info)):
            out.append(FormField(kind="select", choices=choices, **common))
        elif annotation is str:
            long = any(word in name for word in LONG_TEXT)
            out.append(FormField(kind="textarea" if long else "text", **common))
        else:  # lists and nested models: written as JSON
            out.append(FormField(kind="json", **common))
        del optional
    return out


def payload_from(
    model: type[BaseModel], form: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The payload the form's values make, and the fields that could not be read (by name).
    A blank optional field is left out, so the model's default applies."""
    payload: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields_of(model):
        raw = form.get(f.name, "")
        if f.kind == "checkbox":
            payload[f.name] = raw in ("on", "true", "1")
            continue
        if raw.strip() == "":
            if f.required:
                payload[f.name] = "" if f.kind in ("text", "textarea") else None
            continue
        if f.kind == "number":
            try:
                payload[f.name] = int(raw)
            except ValueError:
                errors[f.name] = "skriv et heltall"
        elif f.kind == "json":
            try:
                payload[f.name] = json.loads(raw)
            except json.JSONDecodeError as exc:
                errors[f.name] = f"ikke gyldig JSON: {exc.msg}"
        else:
            payload[f.name] = raw
    return payload, errors
