"""The typed search attributes every case carries. No personal data: they are stored unencrypted.

One list feeds the dev server (`--search-attribute`), the test servers and the workflows.
"""

from temporalio.common import SearchAttributeKey

CASE_TYPE = SearchAttributeKey.for_keyword("CaseType")
CASE_STATE = SearchAttributeKey.for_keyword("CaseState")
ORG_UNIT = SearchAttributeKey.for_keyword("OrgUnit")
REGION = SearchAttributeKey.for_keyword("Region")
RULESET = SearchAttributeKey.for_keyword("Ruleset")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")
PARENT_CASE = SearchAttributeKey.for_keyword("ParentCase")  # an appeal's decided case

ALL = (CASE_TYPE, CASE_STATE, ORG_UNIT, REGION, RULESET, NEXT_DEADLINE, PARENT_CASE)

_CLI_TYPES = {"KEYWORD": "Keyword", "DATETIME": "Datetime", "TEXT": "Text", "INT": "Int"}


def cli_flags() -> list[str]:
    """`--search-attribute Name=Type` flags for `temporal server start-dev`."""
    out: list[str] = []
    for key in ALL:
        out += ["--search-attribute", f"{key.name}={_CLI_TYPES[key.indexed_value_type.name]}"]
    return out


def registration() -> dict[str, int]:
    """Name -> IndexedValueType, for OperatorService.add_search_attributes."""
    return {key.name: int(key.indexed_value_type) for key in ALL}
