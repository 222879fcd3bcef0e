from ikomodel import ClientKind, ClosureReason, NotStartedReason, Sex, TakingPerson


def test_equal_slugs_of_different_vocabularies_keep_their_own_labels() -> None:
    """Members with one slug in two vocabularies ('other', 'relative') keep their own labels."""
    assert ("Overig", "Other") == (ClosureReason.OTHER.label("nl"), ClosureReason.OTHER.label("en"))
    assert "Anders" == Sex.OTHER.label("nl")
    assert "Overig" == NotStartedReason.OTHER.label("nl")
    assert ("Familielid", "Familie") == (
        ClientKind.RELATIVE.label("nl"),
        TakingPerson.RELATIVE.label("nl"),
    )
