"""ikomodel: a typed domain model for international child-abduction casework.

Records, vocabularies, classification rules, annual-report aggregation and
reconciliation for the casework of the Dutch Centre for International Child
Abduction (Centrum IKO). Every public name is importable from here.
"""

from ikomodel._countries import alpha2_codes, is_alpha2
from ikomodel._errors import (
    DocumentError,
    IkoModelError,
    MissingExtraError,
    NotFoundError,
    Problem,
    SchemaVersionError,
    TransitionError,
    UnknownCountryError,
    UnknownYearError,
    ValidationError,
)
from ikomodel._io import dumps_register, loads_register, read_register, write_register
from ikomodel._model import (
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
from ikomodel._schema import register_schema
from ikomodel._serialise import configure_converter, make_converter
from ikomodel._vocabulary import (
    ABDUCTION_CATEGORIES,
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

__version__ = "0.1.0.dev0"

__all__ = [
    "ABDUCTION_CATEGORIES",
    "MEDIATION_TRANSITIONS",
    "PARENTS",
    "SCHEMA_VERSION",
    "SUCCESSFUL_OUTCOMES",
    "TAXONOMIES",
    "AgeAtDate",
    "AgencyKind",
    "Case",
    "Category",
    "Channel",
    "Child",
    "ClientKind",
    "ClosureReason",
    "Contact",
    "DocumentError",
    "IkoModelError",
    "Lang",
    "Line",
    "MediationKind",
    "MediationOutcome",
    "MediationRequest",
    "MediationStage",
    "MissingExtraError",
    "NotFoundError",
    "NotStartedReason",
    "Party",
    "Problem",
    "Register",
    "Role",
    "SchemaVersionError",
    "Sex",
    "StageChange",
    "TakingPerson",
    "Taxonomy",
    "TransitionError",
    "UnknownCountryError",
    "UnknownYearError",
    "ValidationError",
    "Vocabulary",
    "alpha2_codes",
    "configure_converter",
    "dumps_register",
    "is_alpha2",
    "loads_register",
    "make_converter",
    "read_register",
    "register_schema",
    "taxonomy_for",
    "write_register",
]
