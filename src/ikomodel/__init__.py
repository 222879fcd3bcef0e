"""ikomodel: a typed domain model for international child-abduction casework.

Records, vocabularies, classification rules, annual-report aggregation and
reconciliation for the casework of the Dutch Centre for International Child
Abduction (Centrum IKO). Every public name is importable from here.
"""

import inspect as _inspect

import attrs as _attrs

from ikomodel._core.countries import alpha2_codes, is_alpha2
from ikomodel._core.errors import (
    DocumentError,
    IkoModelError,
    MissingExtraError,
    NotFoundError,
    Problem,
    SchemaVersionError,
    TransitionError,
    UnknownCountryError,
    UnknownTreatyStatusError,
    UnknownYearError,
    ValidationError,
)
from ikomodel._core.lifecycle import (
    CONCLUDING_OUTCOMES,
    case_last_date,
    close_case,
    conclude_mediation,
    decline_mediation_request,
    escalate_case,
    open_case,
    receive_mediation_request,
    record_child_interview,
    reopen_case,
    start_intake,
    start_mediation,
    stop_after_intake,
)
from ikomodel._core.records import (
    SCHEMA_VERSION,
    AgeAtDate,
    Case,
    Child,
    Contact,
    MediationRequest,
    Party,
    Register,
    StageChange,
)
from ikomodel._core.vocabulary import (
    ABDUCTION_CATEGORIES,
    FOUNDING_YEAR,
    MEDIATION_TRANSITIONS,
    PARENTS,
    SUCCESSFUL_OUTCOMES,
    TAXONOMIES,
    AgencyKind,
    Category,
    Channel,
    ClientKind,
    ClosureReason,
    Lang,
    Line,
    MediationKind,
    MediationOutcome,
    MediationStage,
    NotStartedReason,
    Role,
    Sex,
    TakingPerson,
    Taxonomy,
    Vocabulary,
    taxonomy_for,
)
from ikomodel._disclosure.audit import audit
from ikomodel._disclosure.solver import FigureKey, Relation
from ikomodel._disclosure.suppress import (
    OTHER_COUNTRIES,
    FigureStatus,
    SuppressedReport,
    SuppressedTable,
    feasible_ranges,
    suppress,
    suppressed_row_label,
)
from ikomodel._published.compare import FigureChange, FigureDifference, compare, year_over_year
from ikomodel._published.figures import (
    FIGURES_FORMAT,
    FIGURES_FORMAT_VERSION,
    dumps_figures,
    figures_document,
    loads_figures,
    read_figures,
    report_from_document,
    write_figures,
)
from ikomodel._published.published import BUNDLED_YEARS, published_figures, published_years
from ikomodel._published.reconcile import (
    FigureValue,
    Finding,
    FindingKind,
    Severity,
    reconcile,
    reconcile_years,
)
from ikomodel._published.schema import figures_schema
from ikomodel._published.series import SeriesPoint, report_series
from ikomodel._report.aggregate import annual_report
from ikomodel._report.bounds import Qualifier
from ikomodel._report.labels import SUPPRESSION_MARK, row_label
from ikomodel._report.report import AnnualReport, Cell, Table
from ikomodel._report.series import annual_reports
from ikomodel._report.statements import (
    ChangeStatement,
    FigureRef,
    FigureStatement,
    ShareStatement,
    Statement,
    Trend,
)
from ikomodel._report.tables import (
    PREVENTION_SPAN,
    TABLE_SPECS,
    TABLES,
    UNKNOWN,
    CaseFlow,
    Measure,
    ParentsTogether,
    RowKey,
    TableSpec,
    table_spec,
)
from ikomodel._rules.classify import (
    HAGUE_AGE_LIMIT,
    SIMPLE_CATEGORIES,
    SPECIAL_GUARDIAN_OLDER_THAN,
    AgeBand,
    CameBack,
    ClientGroup,
    Direction,
    InitiatingParty,
    age_band,
    age_on,
    age_reference_date,
    case_treaty_status,
    direction,
    hague_applies_by_age,
    initiating_party,
    line_for,
    other_country,
    special_guardian_indicated,
)
from ikomodel._rules.privacy import (
    MIN_KEY_BYTES,
    Pseudonymiser,
    ReferenceDate,
    generate_key,
    minimise,
    opening_date,
    pseudonymise,
    pseudonymise_register,
)
from ikomodel._rules.reference import (
    DEPENDENT_TERRITORIES,
    KINGDOM_PARTS,
    Confidence,
    CountryName,
    JoinType,
    TreatyParty,
    TreatyTable,
    country_name,
    country_names,
    hague_parties,
    treaty_table_current_to,
)
from ikomodel._rules.treaty import (
    BRUSSELS_IIA_FROM,
    BRUSSELS_IIB_FROM,
    CARIBBEAN_NETHERLANDS_COVERED_BY,
    CARIBBEAN_NETHERLANDS_NOT_BEFORE,
    CONVENTION_ENTRY_INTO_FORCE,
    EU_MEMBERSHIP,
    EU_TERRITORIES,
    NL_ENTRY_INTO_FORCE,
    EuRegime,
    TreatyFacts,
    TreatyStatus,
    art38_entry_into_force,
    contracting_state_status,
    eu_regime,
    in_force_with_netherlands,
    is_contracting_state,
    treaty_facts,
    treaty_status,
    within_kingdom,
)
from ikomodel._synthetic.builder import NON_TREATY_COUNTRIES, TREATY_COUNTRIES
from ikomodel._synthetic.plan import (
    EXAMPLE_SEED,
    SyntheticRegister,
    example_register,
    synthesise,
)
from ikomodel._wire.converter import configure_converter, make_converter
from ikomodel._wire.files import dumps_register, loads_register, read_register, write_register
from ikomodel._wire.schema import register_schema

# The HTML renderers of the records register themselves with the display hook
# (ikomodel._core.display.html) on import, so Jupyter always finds them.
from ikomodel._present import html as _html  # noqa: F401  # isort: skip

__version__ = "0.1.0"

__all__ = [
    "ABDUCTION_CATEGORIES",
    "BRUSSELS_IIA_FROM",
    "BRUSSELS_IIB_FROM",
    "BUNDLED_YEARS",
    "CARIBBEAN_NETHERLANDS_COVERED_BY",
    "CARIBBEAN_NETHERLANDS_NOT_BEFORE",
    "CONCLUDING_OUTCOMES",
    "CONVENTION_ENTRY_INTO_FORCE",
    "DEPENDENT_TERRITORIES",
    "EU_MEMBERSHIP",
    "EU_TERRITORIES",
    "EXAMPLE_SEED",
    "FIGURES_FORMAT",
    "FIGURES_FORMAT_VERSION",
    "FOUNDING_YEAR",
    "HAGUE_AGE_LIMIT",
    "KINGDOM_PARTS",
    "MEDIATION_TRANSITIONS",
    "MIN_KEY_BYTES",
    "NL_ENTRY_INTO_FORCE",
    "NON_TREATY_COUNTRIES",
    "OTHER_COUNTRIES",
    "PARENTS",
    "PREVENTION_SPAN",
    "SCHEMA_VERSION",
    "SIMPLE_CATEGORIES",
    "SPECIAL_GUARDIAN_OLDER_THAN",
    "SUCCESSFUL_OUTCOMES",
    "SUPPRESSION_MARK",
    "TABLES",
    "TABLE_SPECS",
    "TAXONOMIES",
    "TREATY_COUNTRIES",
    "UNKNOWN",
    "AgeAtDate",
    "AgeBand",
    "AgencyKind",
    "AnnualReport",
    "CameBack",
    "Case",
    "CaseFlow",
    "Category",
    "Cell",
    "ChangeStatement",
    "Channel",
    "Child",
    "ClientGroup",
    "ClientKind",
    "ClosureReason",
    "Confidence",
    "Contact",
    "CountryName",
    "Direction",
    "DocumentError",
    "EuRegime",
    "FigureChange",
    "FigureDifference",
    "FigureKey",
    "FigureRef",
    "FigureStatement",
    "FigureStatus",
    "FigureValue",
    "Finding",
    "FindingKind",
    "IkoModelError",
    "InitiatingParty",
    "JoinType",
    "Lang",
    "Line",
    "Measure",
    "MediationKind",
    "MediationOutcome",
    "MediationRequest",
    "MediationStage",
    "MissingExtraError",
    "NotFoundError",
    "NotStartedReason",
    "ParentsTogether",
    "Party",
    "Problem",
    "Pseudonymiser",
    "Qualifier",
    "ReferenceDate",
    "Register",
    "Relation",
    "Role",
    "RowKey",
    "SchemaVersionError",
    "SeriesPoint",
    "Severity",
    "Sex",
    "ShareStatement",
    "StageChange",
    "Statement",
    "SuppressedReport",
    "SuppressedTable",
    "SyntheticRegister",
    "Table",
    "TableSpec",
    "TakingPerson",
    "Taxonomy",
    "TransitionError",
    "TreatyFacts",
    "TreatyParty",
    "TreatyStatus",
    "TreatyTable",
    "Trend",
    "UnknownCountryError",
    "UnknownTreatyStatusError",
    "UnknownYearError",
    "ValidationError",
    "Vocabulary",
    "age_band",
    "age_on",
    "age_reference_date",
    "alpha2_codes",
    "annual_report",
    "annual_reports",
    "art38_entry_into_force",
    "audit",
    "case_last_date",
    "case_treaty_status",
    "close_case",
    "compare",
    "conclude_mediation",
    "configure_converter",
    "contracting_state_status",
    "country_name",
    "country_names",
    "decline_mediation_request",
    "direction",
    "dumps_figures",
    "dumps_register",
    "escalate_case",
    "eu_regime",
    "example_register",
    "feasible_ranges",
    "figures_document",
    "figures_schema",
    "generate_key",
    "hague_applies_by_age",
    "hague_parties",
    "in_force_with_netherlands",
    "initiating_party",
    "is_alpha2",
    "is_contracting_state",
    "line_for",
    "loads_figures",
    "loads_register",
    "make_converter",
    "minimise",
    "open_case",
    "opening_date",
    "other_country",
    "pseudonymise",
    "pseudonymise_register",
    "published_figures",
    "published_years",
    "read_figures",
    "read_register",
    "receive_mediation_request",
    "reconcile",
    "reconcile_years",
    "record_child_interview",
    "register_schema",
    "reopen_case",
    "report_from_document",
    "report_series",
    "row_label",
    "special_guardian_indicated",
    "start_intake",
    "start_mediation",
    "stop_after_intake",
    "suppress",
    "suppressed_row_label",
    "synthesise",
    "table_spec",
    "taxonomy_for",
    "treaty_facts",
    "treaty_status",
    "treaty_table_current_to",
    "within_kingdom",
    "write_figures",
    "write_register",
    "year_over_year",
]


def _home_public_names() -> None:
    """Make every public class and function report ``ikomodel`` as its module.

    Reprs, pickles, tracebacks and the documentation then name ``ikomodel.Case``,
    never the private module a name happens to live in. Type annotations of attrs
    records are resolved first, against the module that defines them.
    """
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type):
            if _attrs.has(obj):
                _attrs.resolve_types(obj)
            home = obj.__module__
            for member in vars(obj).values():
                function = getattr(member, "__func__", member)
                if _inspect.isfunction(function) and function.__module__ == home:
                    function.__module__ = __name__
            obj.__module__ = __name__
        elif _inspect.isfunction(obj):
            obj.__module__ = __name__
        elif _inspect.isfunction(getattr(obj, "__wrapped__", None)):  # a cached function
            obj.__module__ = obj.__wrapped__.__module__ = __name__


_home_public_names()
