"""The ``ikomodel`` command line (extra ``cli``: click and rich).

Commands:

* ``ikomodel report [REGISTER]``: every table of the annual report, computed
  from a register file (or the bundled synthetic 2021 register);
* ``ikomodel check FIGURES.json`` / ``ikomodel check --published 2021``:
  the places where a published report contradicts itself;
* ``ikomodel validate REGISTER``: every problem of a register file;
* ``ikomodel synth``: a synthetic register that reproduces published figures;
* ``ikomodel schema``: the JSON Schemas of the file formats;
* ``ikomodel treaty CODE [--on DATE]``: whether the 1980 Convention applies
  between the Netherlands and a country on a date, and why.

Bad input gets one line on standard error and a non-zero exit status, never
a traceback: 2 for a usage error (an unknown option or value, a missing
file), 1 for a file that cannot be read or is invalid, or for findings.
``import ikomodel`` never imports this module, click or rich.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from ikomodel import (
    AnnualReport,
    Register,
    Severity,
    SuppressedTable,
    __version__,
    annual_report,
    compare,
    dumps_figures,
    example_register,
    figures_schema,
    published_figures,
    published_years,
    read_figures,
    read_register,
    reconcile,
    register_schema,
    suppress,
    suppressed_row_label,
    synthesise,
    write_register,
)
from ikomodel._core.errors import IkoModelError, MissingExtraError, ValidationError
from ikomodel._core.vocabulary import Lang
from ikomodel._present.text import Grid, grid, suppressed_csv, to_csv, to_markdown, to_text
from ikomodel._report.tables import TABLES, RowKey
from ikomodel._wire import files as _io

try:
    import click
except ImportError as error:  # pragma: no cover - the cli extra is installed in the tests
    raise MissingExtraError("cli", "click") from error

_F = TypeVar("_F", bound=Callable[..., Any])

LARGE_FILE = 2_000_000
"""Register files larger than this (in bytes) load with a progress bar on a terminal."""

USAGE_ERROR = 2
"""Exit status for a usage error: an unknown option or value, a missing file."""

FINDINGS = 1
"""Exit status for findings, an invalid or unreadable file, or any other bad input."""


def _fail(message: str, status: int = FINDINGS) -> NoReturn:
    """Print ``message`` as one line on standard error and exit with ``status``."""
    first = " ".join(message.split("\n", 1)[0].split())
    click.echo(f"ikomodel: error: {first}", err=True)
    raise click.exceptions.Exit(status)


def _one_line(error: IkoModelError) -> str:
    """One line for an error; a validation error names its first problem and the count."""
    if isinstance(error, ValidationError) and error.problems:
        count = len(error.problems)
        more = f" (and {count - 1} more; run 'ikomodel validate' for all)" if count > 1 else ""
        return f"{error.problems[0]}{more}"
    return str(error)


class _Group(click.Group):
    """A command group that turns bad input into one line and an exit status."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            _usage(error)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            _usage(error)
        except IkoModelError as error:
            _fail(_one_line(error))
        except BrokenPipeError:  # pragma: no cover - `ikomodel report | head`
            sys.stderr.close()
            raise click.exceptions.Exit(FINDINGS) from None


def _usage(error: click.UsageError) -> NoReturn:
    if isinstance(error, click.exceptions.NoArgsIsHelpError) and error.ctx is not None:
        click.echo(error.ctx.get_help())
        raise click.exceptions.Exit(0)
    hint = ""
    if error.ctx is not None:
        hint = f" (see '{error.ctx.command_path} --help')"
    _fail(error.format_message() + hint, USAGE_ERROR)


def _lang_option(function: _F) -> _F:
    return click.option(
        "--lang",
        type=click.Choice(["nl", "en"]),
        default="en",
        show_default=True,
        envvar="IKOMODEL_LANG",
        help="Language of titles and labels: Dutch (nl) or English (en).",
    )(function)


def _existing_file(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        what = "is a directory, not a file" if file.is_dir() else "does not exist"
        _fail(f"{path}: {what}", USAGE_ERROR)
    return file


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="ikomodel", message="%(prog)s %(version)s")
def cli() -> None:
    """Compute, check and explain the annual report of Centrum IKO.

    Start with `ikomodel report`: it prints every table of the 2021 annual
    report, computed from a bundled synthetic register of individual cases.
    """


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``ikomodel`` command line (the console-script entry point)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="ikomodel")


def _register_from(path: str | None) -> Register:
    """Return the register in file ``path``, or the bundled 2021 register when ``None``.

    A validation error names the file and its first problem; `validate` lists all.
    """
    if path is None:
        return example_register()
    try:
        return read_register_with_progress(_existing_file(path), _stderr_console())
    except ValidationError as error:
        _fail(f"{path}: {_one_line(error)}")


def read_register_with_progress(file: Path, console: Any) -> Register:
    """Read a register file, drawing a progress bar on ``console`` for a large file on a terminal.

    The same as :func:`ikomodel.read_register` otherwise: same result, same errors.
    """
    if not (
        file.suffix in {".json", ".jsonl"}
        and file.stat().st_size > LARGE_FILE
        and console.is_terminal
    ):
        return read_register(file)
    from rich.progress import (  # noqa: PLC0415 - rich is only needed on a terminal
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn())
    with (
        Progress(*columns, console=console, transient=True) as progress,
        progress.open(file, "rb", description=f"reading {file.name}") as stream,
    ):
        if file.suffix == ".jsonl":
            return _io._bulk_load(lambda: _io._load_jsonl(stream, str(file)))
        data = stream.read()
    return _io._load_json(data, str(file))


def _console(*, stderr: bool) -> Any:
    """A rich console on standard output or error; rich loads only when output is drawn."""
    try:
        from rich.console import Console  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - the cli extra is installed in the tests
        raise MissingExtraError("cli", "rich") from error
    return Console(stderr=stderr, highlight=False)


def _stdout_console() -> Any:
    return _console(stderr=False)


def _stderr_console() -> Any:
    return _console(stderr=True)


def draw(report_grids: Sequence[Grid], console: Any) -> None:
    """Draw report grids (see ``ikomodel._present.text.grid``) as rich tables on ``console``."""
    from rich.table import Table as RichTable  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    for g in report_grids:
        table = RichTable(caption=g.note, caption_justify="left", show_footer=bool(g.total))
        for i, header in enumerate(g.headers):
            footer = g.total[i] if g.total else ""
            table.add_column(
                header, footer=footer, justify="left" if i == 0 else "right", no_wrap=i == 0
            )
        for row in g.rows:
            table.add_row(*row)
        console.print(Text(g.title, style="bold"))
        console.print(table)
        console.print()


FORMATS = ("table", "markdown", "json", "csv")
"""The output formats of ``ikomodel report``."""


@cli.command()
@click.argument("register", required=False, metavar="[REGISTER]")
@click.option(
    "--year",
    type=int,
    default=None,
    help="Report year [default: the latest year a case was opened in the register].",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: rich tables on a terminal, plain text when piped; markdown; "
    "json (the published-figures format, readable by `ikomodel check`); csv (one row per figure).",
)
@click.option(
    "--table",
    "only",
    multiple=True,
    metavar="SLUG",
    help="Only this table (repeatable), e.g. --table abductions. See the tables in --format csv.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Countries shown in each country table (csv and json hold all).",
)
@click.option(
    "--compare",
    "against",
    default=None,
    metavar="published|FIGURES.json",
    help="Also list the figures that differ from the published figures of the year "
    "(bundled: 'published') or from a figures file.",
)
@click.option(
    "--suppress",
    "threshold",
    type=click.IntRange(min=2),
    default=None,
    metavar="N",
    help="Publish safely: hide every count from 1 to N-1, and more cells where needed so "
    "that no hidden count can be worked out from the others (shown as 'x').",
)
@click.option(
    "--collapse",
    type=click.IntRange(min=1),
    default=None,
    metavar="M",
    help="With --suppress: first merge the countries with fewer than M cases into "
    "'other countries'.",
)
@click.option(
    "--charts",
    "charts_dir",
    default=None,
    metavar="DIR",
    help="Also write the report's charts into DIR as PNG and SVG (extra 'charts').",
)
@_lang_option
def report(
    *,
    register: str | None,
    year: int | None,
    format_: str,
    only: tuple[str, ...],
    top: int,
    against: str | None,
    threshold: int | None,
    collapse: int | None,
    charts_dir: str | None,
    lang: str,
) -> None:
    """Print every table of the annual report computed from REGISTER.

    REGISTER is a register file (.json or .jsonl, see `ikomodel schema`).
    Without it, the bundled synthetic 2021 register is used: individual
    cases, contacts and mediation requests that reproduce the published 2021
    annual report of Centrum IKO.

    \b
    Examples:
      ikomodel report
      ikomodel report cases-2022.jsonl --year 2022 --format markdown
      ikomodel report --table abductions --lang nl
      ikomodel report cases-2021.jsonl --compare published
      ikomodel report cases-2021.jsonl --suppress 5 --collapse 3 --format csv
      ikomodel report --charts charts/
    """
    _check_publication_options(format_, threshold, collapse, against, charts_dir)
    language = _lang(lang)
    loaded = _register_from(register)
    year = _report_year(loaded, year, register or "the bundled register")
    published = None if against is None else _figures_of(against, year)
    computed = annual_report(loaded, year)
    if charts_dir is not None:
        _write_charts(computed, loaded, charts_dir, bundled=register is None, lang=language)
    if threshold is not None:
        # Suppression sees the whole report, so that the hidden cells are the same
        # whichever tables are printed: two partial prints never reveal a cell.
        _print_suppressed(
            computed,
            only=only,
            threshold=threshold,
            collapse=collapse,
            format_=format_,
            lang=language,
            top=top,
        )
        return
    if only:
        computed = _select(computed, only)
        published = None if published is None else _select(published, only)
    if format_ == "json":
        click.echo(dumps_figures(computed).decode(), nl=False)
    elif format_ == "csv":
        click.echo(to_csv(computed, lang=language), nl=False)
    else:
        _print_grids(computed.tables.values(), format_, language, top, suppressed=False)
    if published is not None:
        _echo_differences(computed, published, language, err=format_ in {"json", "csv"})


def _check_publication_options(
    format_: str,
    threshold: int | None,
    collapse: int | None,
    against: str | None,
    charts_dir: str | None,
) -> None:
    """Refuse the combinations that would show a count --suppress hides."""
    if threshold is None:
        if collapse is not None:
            _fail("--collapse works together with --suppress N", USAGE_ERROR)
        return
    if format_ == "json":
        _fail(
            "--suppress cannot write json: the figures format has no place for a hidden "
            "figure; use --format csv",
            USAGE_ERROR,
        )
    for name, value in (("--compare", against), ("--charts", charts_dir)):
        if value is not None:
            _fail(f"{name} shows exact counts; it cannot be combined with --suppress", USAGE_ERROR)


def _print_grids(
    tables: Iterable[Any], format_: str, lang: Lang, top: int, *, suppressed: bool
) -> None:
    """Print tables as rich tables on a terminal, plain text when piped, or Markdown."""
    if suppressed:
        report_grids = [
            grid(t, lang=lang, top=top, text=_marked(t), label=suppressed_row_label) for t in tables
        ]
    else:
        report_grids = [grid(t, lang=lang, top=top) for t in tables]
    if format_ == "markdown":
        click.echo(to_markdown(report_grids), nl=False)
        return
    console = _stdout_console()
    if console.is_terminal:
        draw(report_grids, console)
    else:
        click.echo(to_text(report_grids), nl=False)


def _marked(table: SuppressedTable) -> Callable[[RowKey | None, str], str]:
    """Show a suppressed table's figures: the count, 'x' when hidden, '-' when absent."""

    def text(row: RowKey | None, column: str) -> str:
        return table.text(row, column) or "-"

    return text


def _print_suppressed(
    computed: AnnualReport,
    *,
    only: Sequence[str],
    threshold: int,
    collapse: int | None,
    format_: str,
    lang: Lang,
    top: int,
) -> None:
    if only:
        _select(computed, only)  # refuses an unknown table
    published = suppress(computed, threshold=threshold, collapse=collapse)
    tables = {slug: t for slug, t in published.tables.items() if not only or slug in only}
    if format_ == "csv":
        click.echo(suppressed_csv(tables, lang=lang), nl=False)
    else:
        _print_grids(tables.values(), format_, lang, top, suppressed=True)


def _write_charts(
    computed: AnnualReport, register: Register, directory: str, *, bundled: bool, lang: Lang
) -> None:
    """Write the charts; the contacts chart also shows the earlier years known."""
    from ikomodel.charts import write_charts  # noqa: PLC0415

    year = computed.year
    earlier = sorted(y for y in _years(register) if y < year and _has_contacts(register, y))
    history = [annual_report(register, y) for y in earlier]
    if bundled:
        history += [published_figures(y) for y in published_years() if y < year]
    written = write_charts(computed, directory, history=history, lang=lang)
    click.echo(f"{directory}: {len(written)} chart files written", err=True)


def _has_contacts(register: Register, year: int) -> bool:
    return any(contact.on.year == year for contact in register.contacts)


def _years(register: Register) -> set[int]:
    """The years a register has records of: cases opened, contacts, requests received."""
    return (
        {case.opened.year for case in register.cases}
        | {contact.on.year for contact in register.contacts}
        | {request.received.year for request in register.mediation_requests}
    )


def _report_year(register: Register, year: int | None, name: str) -> int:
    """The year to report on: ``year``, or the latest with records; it must have records."""
    years = _years(register)
    if not years:
        _fail(f"{name} holds no cases, contacts or mediation requests")
    if year is None:
        return max(years)
    if year not in years:
        span = f"{min(years)}-{max(years)}" if len(years) > 1 else f"{min(years)}"
        _fail(
            f"{name} has no cases, contacts or mediation requests of {year} "
            f"(it covers {span}); choose another --year"
        )
    return year


def _figures_of(against: str, year: int) -> AnnualReport:
    """The figures to compare a report of ``year`` with: the published ones, or a file."""
    if against == "published":
        return published_figures(year)
    figures = read_figures(_existing_file(against))
    if figures.year != year:
        _fail(
            f"{against} holds the figures of {figures.year}, not of {year}; "
            f"report on {figures.year} with --year {figures.year}"
        )
    return figures


def _echo_differences(
    computed: AnnualReport, published: AnnualReport, lang: Lang, *, err: bool
) -> None:
    differences = compare(computed, published)
    nl = lang == "nl"
    if not differences:
        click.echo(
            "Geen verschillen met de gepubliceerde cijfers."
            if nl
            else "No differences from the published figures.",
            err=err,
        )
        return
    click.echo(
        "Verschillen met de gepubliceerde cijfers:"
        if nl
        else "Differences from the published figures:",
        err=err,
    )
    for d in differences:
        computed_text = "-" if d.computed is None else d.computed
        click.echo(
            f"  {d.figure.label(lang)}: "
            + (
                f"berekend {computed_text}, gepubliceerd {d.published}"
                if nl
                else f"computed {computed_text}, published {d.published}"
            ),
            err=err,
        )


def _lang(value: str) -> Lang:
    return "nl" if value == "nl" else "en"


def _select(computed: AnnualReport, only: Sequence[str]) -> AnnualReport:
    unknown = [slug for slug in only if slug not in TABLES]
    if unknown:
        _fail(f"no table {unknown[0]!r}; tables: " + ", ".join(TABLES), USAGE_ERROR)
    tables = {slug: table for slug, table in computed.tables.items() if slug in only}
    return AnnualReport(year=computed.year, tables=tables)


@cli.command()
@click.argument("figures", required=False, metavar="[FIGURES.json]")
@click.option(
    "--published",
    type=int,
    default=None,
    metavar="YEAR",
    help="Check the published figures bundled for YEAR (e.g. 2021) instead of a file.",
)
@_lang_option
def check(figures: str | None, published: int | None, lang: str) -> None:
    """Reconcile published figures: list every place where they contradict themselves.

    FIGURES.json is a published-figures file (see `ikomodel schema figures`).
    Prints one line per finding: a contradiction (figures that cannot all be
    true) or a gap (a total its stated parts do not fully explain). Exits
    with status 1 when there is a contradiction, 0 otherwise.

    \b
    Examples:
      ikomodel check --published 2021
      ikomodel check figures-2022.json --lang nl
    """
    if (figures is None) == (published is None):
        _fail("give either a FIGURES.json file or --published YEAR", USAGE_ERROR)
    if figures is not None:
        loaded = read_figures(_existing_file(figures))
        name = figures
    else:
        assert published is not None
        loaded = published_figures(published)
        name = f"published figures {published}"
    language = _lang(lang)
    findings = reconcile(loaded)
    for finding in findings:
        click.echo(f"{finding.severity.label(language)}: {finding.message(language)}")
    if any(finding.severity is Severity.CONTRADICTION for finding in findings):
        raise click.exceptions.Exit(FINDINGS)
    gaps = f" ({len(findings)} gaps)" if findings else ""
    click.echo(f"{name}: no contradictions{gaps}")


@cli.command()
@click.argument("register", metavar="REGISTER")
def validate(register: str) -> None:
    """Check a register file: print every problem with its line and path.

    Exits with status 1 when the file has any problem, 0 when it is valid.
    REGISTER is a .json or .jsonl file (see `ikomodel schema register`).
    """
    file = _existing_file(register)
    try:
        loaded = read_register_with_progress(file, _stderr_console())
    except ValidationError as error:
        for problem in error.problems:
            click.echo(f"{register}: {problem}")
        raise click.exceptions.Exit(FINDINGS) from None
    click.echo(
        f"{register}: valid ({len(loaded.cases)} cases, {len(loaded.contacts)} contacts, "
        f"{len(loaded.mediation_requests)} mediation requests)"
    )


@cli.command()
@click.option(
    "--year",
    type=int,
    default=None,
    help="Year of the published figures to reproduce [default: 2021, or that of --figures].",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed: the same figures and seed give an identical register.",
)
@click.option(
    "--figures",
    "figures_file",
    default=None,
    metavar="FIGURES.json",
    help="Reproduce the figures in this file instead of the bundled published ones.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Where to write the register (.json or .jsonl).",
)
def synth(year: int | None, seed: int, figures_file: str | None, output: str) -> None:
    """Write a synthetic register whose annual report reproduces published figures.

    The register holds individual (fictitious) cases, children, contacts and
    mediation requests. Figures that contradict each other cannot all be met;
    they are listed on standard error.

    \b
    Example:
      ikomodel synth --year 2021 --seed 7 -o synthetic-2021.jsonl
    """
    if figures_file is not None:
        figures = read_figures(_existing_file(figures_file))
        if year is not None and figures.year != year:
            _fail(f"{figures_file} holds the figures of {figures.year}, not of {year} (--year)")
    else:
        figures = published_figures(2021 if year is None else year)
    result = synthesise(figures, seed=seed)
    write_register(result.register, output)
    click.echo(
        f"{output}: {len(result.register.cases)} cases, {len(result.register.contacts)} contacts, "
        f"{len(result.register.mediation_requests)} mediation requests",
        err=True,
    )
    if result.unmet:
        click.echo("Published figures not met (they contradict other figures):", err=True)
    for unmet in result.unmet:
        click.echo(
            f"  {unmet.figure.label()}: {unmet.computed} (published {unmet.published})", err=True
        )


@cli.command()
@click.argument("document", type=click.Choice(["register", "figures"]), default="register")
def schema(document: str) -> None:
    """Print the JSON Schema of a file format: register (default) or figures.

    \b
    Examples:
      ikomodel schema > register.schema.json
      ikomodel schema figures
    """
    import json  # noqa: PLC0415

    schemas = {"register": register_schema, "figures": figures_schema}
    click.echo(json.dumps(schemas[document](), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("country", metavar="CODE")
@click.option(
    "--on",
    "on",
    default=None,
    metavar="DATE",
    help="Date of the removal or retention, YYYY-MM-DD [default: today].",
)
def treaty(country: str, on: str | None) -> None:
    """Say whether the 1980 Hague Convention applies between the Netherlands and a country.

    Prints both treaty answers (Contracting State; in force with the
    Netherlands, yes / no / unknown), the EU regime, the rule applied, the
    dates the reference data holds, and the sources. CODE is an ISO 3166-1
    alpha-2 code.

    \b
    Example:
      ikomodel treaty PL --on 2021-06-01
    """
    import datetime as dt  # noqa: PLC0415

    from ikomodel import treaty_facts  # noqa: PLC0415

    try:
        when = dt.date.today() if on is None else dt.date.fromisoformat(on)
    except ValueError:
        _fail(f"--on: {on!r} is not a date of the form YYYY-MM-DD", USAGE_ERROR)
    click.echo(treaty_facts(country.upper(), when).explain())
