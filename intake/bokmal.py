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
# The case's own steps (timers, the outcome of a linked case) as the trail names them.
ACTIONS |= {
    "appeal_changed": "Klageinstansen endret vedtaket",
    "appeal_reversed": "Klageinstansen opphevet vedtaket",
    "appeal_sent_back": "Klageinstansen sendte saken tilbake",
    "appeal_upheld": "Klageinstansen opprettholdt vedtaket",
    "appointment_ends": "Tilsettingen sluttet",
    "central_council_decided": "Det sentrale tilsettingsrådet har avgjort",
    "deadline_passes": "Fristen gikk ut",
    "decided_suspension_lapses": "Suspensjonen falt bort etter vedtaket",
    "delete_ordensstraff": "Ordensstraffen slettet",
    "end": "Permisjonen sluttet",
    "ends": "Perioden sluttet",
    "expire": "Utløpt",
    "lapse": "Falt bort",
    "late_appeal_period_ends": "Fristen for sen klage gikk ut",
    "minority_window_closes": "Fristen for mindretallet gikk ut",
    "notify_appointment": "Tilsettingen meldt",
    "offer_exit_interview": "Sluttsamtale tilbudt",
    "probation_ends": "Prøvetiden sluttet",
    "remind": "Påminnelse sendt",
    "remind_confirmation": "Påminnelse om bekreftelse sendt",
    "reply_deadline_passed": "Fristen for uttalelse gikk ut",
    "reply_heard": "Uttalelsen er mottatt",
    "schedule": "Permisjonen planlagt",
    "start": "Permisjonen begynte",
    "suspension_appeal_decided": "Klagen på suspensjonen er avgjort",
    "suspension_lapses": "Suspensjonen falt bort",
    "warning_reply_heard": "Uttalelsen til varselet er mottatt",
    "warning_reply_passed": "Fristen for uttalelse til varselet gikk ut",
    "window_closes": "Klagefristen gikk ut",
    "window_reopens": "Klagefristen løper igjen",
}
# A council's second matter in one case: its rows carry a prefix (states/council.py).
MATTERS = {
    "main_": "i hovedsaken",
    "matter_": "om utsatt iverksetting eller forlengelse",
    "first_": "i underinstansen",
    "appeal_body_": "i klageinstansen, om utsatt iverksetting",
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


# Every state of every machine (states/catalog.py MACHINES), as the pages name it (issue 15
# review M3); tests/intake/test_tasks.py fails on a state without one.
STATES = {
    "accepted": "tilbudet er tatt imot", "announced": "stillingen er lyst ut",
    "appeal_window": "klagefristen løper", "applications_closed": "søknadsfristen er ute",
    "appointed": "tilsatt", "assessed": "vurdert", "assessing": "til vurdering",
    "awaiting_assessment": "venter på vurdering", "awaiting_confirmation": "venter på bekreftelse",
    "awaiting_consent": "venter på samtykke", "awaiting_contract": "venter på arbeidsavtale",
    "awaiting_decision": "venter på vedtak", "awaiting_issue": "venter på utstedelse",
    "awaiting_reply": "venter på uttalelse", "awaiting_statement": "venter på uttalelse",
    "central_council": "i Det sentrale tilsettingsrådet", "changed": "vedtaket er endret",
    "closed": "avsluttet", "concluded": "avsluttet", "consented": "samtykke gitt",
    "council": "i tilsettingsrådet", "decided": "vedtak fattet", "declined": "tilbudet er avslått",
    "deliberating": "rådet drøfter saken", "deliberation": "rådet behandler saken",
    "department": "i departementet", "direct": "tilsetting uten utlysning",
    "disclosed": "opplyst", "dismissed": "avvist", "dismissed_late": "avvist for sent fremsatt",
    "drafting": "utlysningen utarbeides", "employed": "tilsatt", "ended": "avsluttet",
    "ending": "avsluttes", "expired": "utløpt", "expiring": "utløper",
    "followed_up": "fulgt opp", "granted": "innvilget",
    "handed_to_discipline": "overlatt til disiplinærsak", "held": "samtalen er holdt",
    "interviewing": "intervjuer", "issued": "utstedt", "late_review": "for sen klage vurderes",
    "lodged": "klagen er mottatt", "may_keep": "kan beholde gaven",
    "must_return": "gaven må leveres tilbake", "no_action": "ingen reaksjon",
    "no_consent_needed": "samtykke trengs ikke", "no_majority": "uten flertall",
    "not_held": "samtalen er ikke holdt", "notified": "varslet", "offered": "tilbud gitt",
    "on_leave": "i permisjon", "opened": "opprettet",
    "ordensstraff_deleted": "ordensstraffen er slettet",
    "ordensstraff_registered": "ordensstraffen er registrert", "ordered": "pålagt",
    "partly_granted": "delvis innvilget", "probation": "prøvetid",
    "reasons_requested": "begrunnelse er bedt om", "received": "mottatt", "refused": "avslått",
    "registered": "registrert", "reported": "meldt", "requested": "søkt",
    "return_due": "venter på melding om tilbakekomst", "returned": "tilbake i tjeneste",
    "reversed": "vedtaket er opphevet", "scheduled": "permisjonen er planlagt",
    "sent_back": "sendt tilbake", "serving": "i tjeneste", "stands": "vedtaket står fast",
    "submitted": "sendt inn", "under_appeal": "til klagebehandling", "upheld": "opprettholdt",
    "warned": "advart", "warning_reply": "venter på uttalelse til varselet",
    "with_appeal_body": "hos klageinstansen", "with_deciding_body": "hos vedtaksorganet",
    "withdrawn": "trukket",
}  # fmt: skip
# The deadlines the pages show, by name (states/calendar.py `Deadline.name`); the explanation
# the case wrote stays beside it in English (lang="en").
DEADLINES = {
    "appeal": "klagefrist", "appeal_window": "klagefrist", "application_deadline": "søknadsfrist",
    "appointment_ends": "tilsettingen slutter", "council_meeting": "rådsmøte",
    "detriment_notice": "varsel om endring til skade",
    "detriment_reply": "frist for uttalelse til varselet", "escalation_reasons": "begrunnelse",
    "leave_start": "permisjonen begynner", "notice_reply": "frist for uttalelse",
    "prepare": "forberedelse", "probation": "prøvetiden slutter", "receipt": "mottak",
    "representatives_comment": "frist for representantenes uttalelse",
    "return_reminder": "påminnelse om tilbakekomst", "return_to_work": "tilbake i tjeneste",
    "suspension_appeal_window": "klagefrist for suspensjonen",
    "warning_reply": "frist for uttalelse til varselet",
    "withdraw_before_list": "frist for å trekke søknaden før søkerlisten",
}  # fmt: skip


def state(name: str) -> str:
    """A case state in bokmål (the code stays beside it where the page shows it)."""
    return STATES.get(name, name)


def waiting(name: str) -> str:
    """What the case waits for, from its state: "Saken venter på: ..." in bokmål."""
    return f"trinnet «{state(name)}»"


def deadline(name: str) -> str:
    return DEADLINES.get(name, name.replace("_", " "))


def refusal(rule: str, label: str) -> str:
    """A door's refusal in bokmål: the rule and the field it names (its bokmål label); the
    rule's own English message is shown beside it (lang="en")."""
    where = f" i feltet «{label}»" if label else ""
    return f"Avvist etter {rule}: det som står{where} oppfyller ikke regelen. Ingenting er endret."


# The choices a form offers (an event payload's Literal, enum or pattern), in bokmål: the
# option's text; its value stays the code the door reads (issue 15 re-review M2).
CHOICES = {
    "after_dismissal": "etter avskjed", "after_termination": "etter oppsigelse",
    "agreement": "avtale", "assistant_director": "assisterende direktør", "avskjed": "avskjed",
    "business": "egen næringsvirksomhet", "case": "denne saken",
    "changed_conditions": "endrede forhold", "close_contact": "nærstående til innsatt",
    "course": "kurs", "current_inmate": "nåværende innsatt",
    "delivery_receipt": "kvittering fra leveringssystemet",
    "digital_channel": "tidsstempel fra den digitale kanalen",
    "deviate_from_qualifications": "avvike fra kvalifikasjonskravene",
    "digital_delivery": "digital levering", "education": "utdanning",
    "electronic": "elektronisk", "female": "kvinne", "fengselsbetjent": "fengselsbetjent",
    "fengselsforstebetjent": "fengselsførstebetjent", "forflytting": "forflytning",
    "former_inmate": "tidligere innsatt", "gift": "gave", "granted": "innvilget",
    "holiday": "ferie", "inmate": "innsatt", "into_unit": "inn i enheten",
    "kitt_director": "direktør for KITT", "krus_director": "direktør for KRUS", "loan": "lån",
    "male": "mann", "meeting": "i møte", "neglect": "pliktforsømmelse",
    "none": "ingen reaksjon", "on_request": "på egen anmodning", "oppsigelse": "oppsigelse",
    "oral": "muntlig", "ordensstraff": "ordensstraff", "other": "annet",
    "other_state_post": "annen statlig stilling", "out_of_unit": "ut av enheten",
    "outside_state_post": "stilling utenfor staten", "own_property": "egen eiendom",
    "partly_granted": "delvis innvilget", "party": "parten selv", "period": "en periode",
    "physical": "fysisk", "postmark": "poststempel", "private_post": "privat stilling",
    "public_post": "offentlig stilling", "refused": "avslått",
    "regional_director": "regiondirektør", "relative": "slektning",
    "restructuring_post": "stilling ved omstilling", "seniority": "tap av ansiennitet",
    "service": "forhold av betydning for tjenesten",
    "short_or_occasional": "kortvarig eller leilighetsvis", "similar": "lignende fravær",
    "skriftlig_irettesettelse": "skriftlig irettesettelse", "substitute": "vikariat",
    "suspension": "suspensjon", "suspensjon": "suspensjon",
    "temporary_transfer": "midlertidig omplassering", "temporary_work": "midlertidig arbeid",
    "too_few_qualified": "for få kvalifiserte søkere",
    "too_long_since": "for lenge siden utlysningen", "trainee": "aspirant",
    "travel": "reise", "unit_leader": "enhetsleder", "unknown": "ukjent",
    "unspecified": "ikke oppgitt", "welfare": "velferd", "written": "skriftlig",
}  # fmt: skip
# A code that means another thing in another field: (field, code).
FIELD_CHOICES = {("what", "service"): "tjeneste", ("post_kind", "other"): "annen stilling"}


def choice(value: str, field: str = "") -> str:
    """A form's option in bokmål (the value sent stays the code)."""
    return FIELD_CHOICES.get((field, value)) or CHOICES.get(value, value.replace("_", " "))


def deadline_line(name: str, due: object) -> str:
    """A running deadline said in bokmål from its name and due date; the case's own English
    explanation is shown collapsed beside it (issue 15 re-review M2)."""
    text = deadline(name)
    return f"{text[:1].upper()}{text[1:]}: siste dag er {due}."
