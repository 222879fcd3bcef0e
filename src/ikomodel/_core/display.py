"""The display hook: how a record shows itself as HTML without knowing any HTML.

Records of the report and disclosure layers (:class:`~ikomodel.Table`,
:class:`~ikomodel.AnnualReport`, :class:`~ikomodel.SuppressedTable`,
:class:`~ikomodel.SuppressedReport`) answer Jupyter's ``_repr_html_`` and
their own ``to_html`` through :func:`html` (by way of :func:`render` and
:func:`to_html`). The function is a
:func:`functools.singledispatch` hook: by default it has no HTML for an
object (``None``), and the
presentation layer registers a renderer per record type
(``ikomodel._present.html``, which ``import ikomodel`` always loads). The
records thus keep no HTML code, and no lower layer imports the presentation.
"""

from __future__ import annotations

import functools

from ikomodel._core.vocabulary import Lang


class Html(str):
    """HTML markup that Jupyter shows rendered and ``print`` shows as text.

    >>> Html("<b>9.596</b>")._repr_html_()
    '<b>9.596</b>'
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


@functools.singledispatch
def html(obj: object, lang: Lang = "en") -> str | None:
    """Return ``obj`` as HTML with labels in ``lang``, or ``None`` when no renderer knows it.

    Renderers are registered with ``@html.register(SomeType)``.

    >>> html(object()) is None
    True
    """
    return None


def render(obj: object, lang: Lang = "en") -> str:
    """Return the HTML of ``obj``, as a record's ``_repr_html_`` gives it to Jupyter.

    Raises:
        TypeError: no renderer is registered for the type of ``obj``.
    """
    markup = html(obj, lang)
    if markup is None:
        raise TypeError(f"no HTML rendering for {type(obj).__name__}")
    return markup


def to_html(obj: object, lang: Lang = "en") -> Html:
    """Return the HTML of ``obj`` as :class:`Html`, which Jupyter shows rendered.

    Raises:
        TypeError: no renderer is registered for the type of ``obj``.
    """
    return Html(render(obj, lang))
