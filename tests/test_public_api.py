import enum
import inspect
import pickle
import typing

import ikomodel


def test_all_is_sorted_and_resolves() -> None:
    """Every name in __all__ resolves, and __all__ is sorted (constants, classes, functions)."""

    def key(name: str) -> tuple[bool, bool, str]:
        return (not name.isupper(), not name[0].isupper(), name)

    assert sorted(ikomodel.__all__, key=key) == ikomodel.__all__
    for name in ikomodel.__all__:
        assert hasattr(ikomodel, name), name


def test_every_public_name_has_a_docstring() -> None:
    """Every public class and function carries its own docstring."""
    missing = []
    for name in ikomodel.__all__:
        obj = getattr(ikomodel, name)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and not (obj.__doc__ or "").strip():
            missing.append(name)
    assert [] == missing


def test_vocabulary_labels_are_complete() -> None:
    """Every member of every vocabulary has a Dutch and an English label and a slug value."""
    for name in ikomodel.__all__:
        obj = getattr(ikomodel, name)
        if isinstance(obj, type) and issubclass(obj, ikomodel.Vocabulary):
            for member in obj:
                assert member.label("nl")
                assert member.label("en")
                assert member.value == member.value.lower()
                assert member.value.replace("_", "").isascii()
                assert isinstance(member, enum.StrEnum)


def test_every_public_class_and_function_reports_ikomodel_as_its_home() -> None:
    """Public names report ``ikomodel`` as their module (issue 13).

    Reprs, pickles and tracebacks never name a private module: cached functions
    neither, nor the methods a public class defines.
    """
    elsewhere = []
    for name in ikomodel.__all__:
        obj = getattr(ikomodel, name)
        alias = typing.get_origin(obj) is not None  # FigureKey, Lang
        if alias or not (inspect.isclass(obj) or callable(obj)):
            continue  # a constant or a type alias
        if getattr(obj, "__module__", "").startswith("ikomodel._"):
            elsewhere.append(name)
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                function = getattr(value, "__func__", value)
                defined_here = getattr(function, "__qualname__", "").startswith(f"{obj.__name__}.")
                if (
                    inspect.isfunction(function)
                    and defined_here
                    and function.__module__.startswith("ikomodel._")
                ):
                    elsewhere.append(f"{name}.{member}")
        elif pickle.loads(pickle.dumps(obj)) is not obj:  # found again by its public path
            elsewhere.append(name)
    assert [] == elsewhere
