"""The people's pages in bokmål (issue 15 review): the names of actions, case types, grounds,
roles and statuses the pages show. Identifiers stay beside them where a reader needs them (the
rule, the event type), never in place of them."""

from __future__ import annotations

ACTIONS = {
    "register": "Saken registrert",
    "notify": "Vedtaket sendt",
    "accept": "Takk ja",
    "agree_internal_only": "Avtal intern utlysning",
    "agree_written": "Samtykk til skriftlig behandling",
    "allow_keep": "Tillat å beholde gaven",
    "announce_detriment": "Varsle endring til skade",
    "announce_warning": "Varsle skriftlig advarsel",
    "appeal": "Klag på vedtaket",
    "appeal_late": "Klag etter fristen",
    "appeal_suspension": "Klag på suspensjonen",
    "appoint": "Tilsett",
    "appoint_directly": "Tilsett uten utlysning",
    "ask_statement": "Be om uttalelse",
    "assess": "Vurder",
    "assess_qualifications": "Vurder kvalifikasjoner",
    "change": "Endre vedtaket",
    "check_references": "Innhent referanser",
    "comment_as_representative": "Uttal deg som representant",
    "comment_on_text": "Kommenter utlysningsteksten",
    "confirm_notice": "Bekreft tilsettingen",
    "consent": "Samtykk",
    "consider_late": "Behandle klagen selv om fristen er ute",
    "council_vote": "Avgi stemme",
    "decide": "Fatt vedtak",
    "decide_access": "Avgjør innsyn",
    "decide_exemptions": "Avgjør unntak fra offentlig søkerliste",
    "decide_suspensive_effect": "Avgjør utsatt iverksetting",
    "convene": "Kall inn rådet til møte",
    "decline": "Takk nei",
    "demand_interview": "Krev intervju",
    "demand_meeting": "Krev møte",
    "demand_salary_discussion": "Krev lønnsdrøfting",
    "dismiss": "Avslutt uten reaksjon",
    "dismiss_inadmissible": "Avvis klagen",
    "dismiss_late": "Avvis klagen for sent fremsatt",
    "distribute_documents": "Send sakens dokumenter til rådet",
    "escalate": "Krev saken for sentralt tilsettingsråd",
    "extend": "Forleng",
    "extend_suspension": "Forleng suspensjonen",
    "follow_up": "Følg opp meldingen",
    "forward": "Send klagen til klageinstansen",
    "give_statement": "Gi uttalelse",
    "grant": "Innvilg",
    "grant_partly": "Innvilg delvis",
    "hand_to_discipline": "Overlat til disiplinærsak",
    "impose": "Pålegg konstituering",
    "inform_representatives": "Orienter de tillitsvalgte",
    "issue": "Utstede attesten",
    "no_action": "Ingen reaksjon",
    "plan_interviews": "Planlegg intervjuer",
    "publish": "Lys ut stillingen",
    "publish_public_list": "Offentliggjør søkerlisten",
    "reannounce": "Lys ut på nytt",
    "recommend": "Innstill",
    "record_detriment_reply": "Registrer svar på varselet",
    "record_held": "Registrer at samtalen er holdt",
    "record_information": "Registrer nye opplysninger",
    "record_interview": "Registrer intervju",
    "record_receipt": "Registrer mottak av vedtaket",
    "record_reply": "Gi uttalelse til forhåndsvarselet",
    "record_salary_discussion": "Registrer lønnsdrøfting",
    "record_warning_reply": "Gi uttalelse til varselet",
    "refer_disagreement": "Legg fram uenighet",
    "refer_extension": "Legg forlengelsen fram for rådet",
    "refuse": "Avslå",
    "refuse_keep": "Avslå å beholde gaven",
    "report_return": "Meld tilbake i tjeneste",
    "request_access": "Be om innsyn",
    "request_applications": "Be om flere søknader",
    "request_extension": "Be om forlengelse",
    "request_reasons": "Be om begrunnelse",
    "request_suspensive_effect": "Be om utsatt iverksetting",
    "reverse": "Opphev vedtaket",
    "reverse_own": "Omgjør eget vedtak",
    "seat_superior": "Sett nærmeste overordnede i rådet",
    "send_back": "Send saken tilbake",
    "send_notice": "Send forhåndsvarsel",
    "send_reasons": "Send begrunnelse",
    "sign_contract": "Signer arbeidsavtalen",
    "sign_protocol": "Signer protokollen",
    "stand_aside": "Vik sete (inhabil)",
    "state_known": "Oppgi kjent søker",
    "substitute": "Registrer vararepresentant",
    "suspend_urgently": "Suspender i hast",
    "uphold": "Oppretthold vedtaket",
    "vote": "Avgi stemme",
    "warn": "Gi advarsel",
    "withdraw": "Trekk søknaden",
    "withdraw_application": "Trekk søknaden",
    "written_warning": "Gi skriftlig advarsel",
}
# A council's second matter in one case: its rows carry a prefix (states/council.py).
MATTERS = {
    "main_": "i hovedsaken",
    "matter_": "om utsatt iverksetting eller forlengelse",
    "first_": "i underinstansen",
}
CASE_TYPES = {
    "acting_service": "Konstituering", "appeal": "Klagesak", "certificate": "Attest",
    "central_council": "Sak i Det sentrale tilsettingsrådet", "discipline": "Disiplinærsak",
    "errand": "Ærend for innsatt", "exit_interview": "Sluttsamtale", "gift": "Gave",
    "hiring": "Tilsettingssak", "leave": "Permisjonssak", "relation": "Privat forhold",
    "report": "Melding", "representative_term": "Representant i tilsettingsråd",
    "secondary_work": "Bierverv",
}  # fmt: skip
GROUNDS = {
    "local operator": "lokal operatør", "applicant": "søker", "party": "part",
    "acted in the case": "har handlet i saken", "reporter": "melder",
    "nearest superior": "nærmeste overordnede", "representative": "representant",
    "council member": "medlem av tilsettingsrådet",
    "council member (per-case seat)": "medlem av rådet i denne saken",
    "leader over the unit": "leder over enheten", "the Department": "departementet",
    "hr for unit": "HR for enheten", "unit leader": "leder for enheten",
    "regional director": "regiondirektør", "may act in the case": "kan handle i saken",
}  # fmt: skip
FULLMAKT = "fullmakt from "


def ground(text: str) -> str:
    """The reader's ground in bokmål; a fullmakt with whose it is (intake/access.py)."""
    if text.startswith(FULLMAKT):
        return f"fullmakt fra {text.removeprefix(FULLMAKT)}"
    return GROUNDS.get(text, text)


ROLES = {
    "employee": "ansatt", "decider": "beslutningstaker", "applicant": "søker",
    "reporter": "melder", "superior": "overordnet", "representative": "representant",
    "party": "part", "hr_officer": "saksbehandler (HR)", "unit_leader": "enhetsleder",
}  # fmt: skip
STATUSES = {"allowed": "kan tas nå", "blocked": "ikke mulig nå", "unjudged": "kan ikke vurderes"}


def action(trigger: str, event: str = "") -> str:
    """The action's name in bokmål; a council's second matter named with its matter."""
    if trigger in ACTIONS:
        return ACTIONS[trigger]
    for prefix, matter in MATTERS.items():
        if trigger.startswith(prefix) and trigger.removeprefix(prefix) in ACTIONS:
            return f"{ACTIONS[trigger.removeprefix(prefix)]} ({matter})"
    return f"Handling {event or trigger}"


def case_type(kind: str) -> str:
    return CASE_TYPES.get(kind, kind)


def role(text: str) -> str:
    return ROLES.get(text, text)
