import enum
import inspect

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
