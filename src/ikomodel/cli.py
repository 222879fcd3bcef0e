"""The ``ikomodel`` command line (extra ``cli``: click and rich).

Commands:

* ``ikomodel report [REGISTER]``: every table of the annual report, computed
  from a register file (or the bundled synthetic 2021 register);
* ``ikomodel check FIGURES.json...`` / ``ikomodel check --published 2021``:
  every problem of a figures file, and the places where published figures
  contradict themselves or, across several files, each other;
* ``ikomodel validate REGISTER``: every problem of a register file;
* ``ikomodel synth``: a synthetic register that reproduces published figures;
* ``ikomodel schema``: the JSON Schemas of the file formats;
* ``ikomodel treaty CODE [--on DATE]``: whether the 1980 Convention applies
  between the Netherlands and a country on a date, and why.

Bad input gets one line on standard error and a non-zero exit status, never
a traceback: 2 for a usage error (an unknown option or value, a missing
file), 1 for a file that cannot be read or is invalid, or for findings.
Diagnostics (errors, the problems ``validate`` finds, progress bars, what
``synth`` wrote) always go to standard error; standard output carries only
the command's result (tables, JSON, CSV, schemas, the findings of
``check``, the summary of a valid register), so it can be piped. The exit
statuses are listed in :data:`EXIT_STATUSES` and in ``ikomodel --help``.
``import ikomodel`` never imports this module, click or rich.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from ikomodel import (
    AnnualReport,
    Register,
    Severity,
    __version__,
    annual_report,
    annual_reports,
    compare,
    dumps_figures,
    example_register,
    figures_schema,
    published_figures,
    published_years,
    read_figures,
    reconcile_years,
    register_schema,
    suppress,
    synthesise,
    write_register,
)
from ikomodel._core.errors import IkoModelError, MissingExtraError, ValidationError, printable
from ikomodel._core.vocabulary import Lang
from ikomodel._disclosure.suppress import suppressed_row_label
from ikomodel._present.table import ReportLike, report_row_labels
from ikomodel._present.text import (
    Grid,
    grid,
    notes_text,
    suppressed_csv,
    suppressed_json,
    to_csv,
    to_markdown,
    to_text,
)
from ikomodel._report.labels import format_number, phrase
from ikomodel._report.tables import TABLES
from ikomodel._synthetic.plan import synthesise_cases
from ikomodel._wire.files import read_register_file

try:
    import click
except ImportError as error:  # pragma: no cover - the cli extra is installed in the tests
    raise MissingExtraError("cli", "click") from error

_F = TypeVar("_F", bound=Callable[..., Any])
_T = TypeVar("_T")

LARGE_FILE = 2_000_000
"""Register files larger than this (in bytes) load with a progress bar on a terminal."""

USAGE_ERROR = 2
"""Exit status for a usage error: an unknown option or value, a missing file."""

FINDINGS = 1
"""Exit status for findings, an invalid or unreadable file, or any other bad input."""

EXIT_STATUSES = (
    (0, "success: `check` found no contradiction, `validate` no problem"),
    (FINDINGS, "findings (a contradiction, a problem) or a file that cannot be read"),
    (USAGE_ERROR, "usage error: an unknown option or value, a file that does not exist"),
)
"""The exit statuses of every command with their meaning, as ``ikomodel --help`` lists them."""

MAX_PROBLEMS = 20
"""The problems `ikomodel validate` prints by default; the rest are counted."""


def _fail(message: str, status: int = FINDINGS) -> NoReturn:
    """Print ``message`` as one line on standard error and exit with ``status``."""
    first = " ".join(printable(message.split("\n", 1)[0]).split())
    click.echo(f"ikomodel: error: {first}", err=True)
    raise click.exceptions.Exit(status)


def _one_line(error: IkoModelError, lister: str | None = "ikomodel validate") -> str:
    """One line for an error; a validation error names its first problem and the count.

    ``lister`` is the command that lists every problem of the file (none: no hint).
    """
    if isinstance(error, ValidationError) and error.problems:
        count = len(error.problems)
        hint = f"; run '{lister}' for all" if lister else ""
        more = f" (and {count - 1} more{hint})" if count > 1 else ""
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
        except (OSError, MemoryError, RecursionError) as error:  # never a traceback
            reason = getattr(error, "strerror", None) or type(error).__name__
            _fail(f"cannot complete the command: {reason}")


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
    """The file named ``path``; one line and an exit status when there is none to read."""
    file = Path(path)
    try:
        mode = file.stat().st_mode
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL in the name
        _fail(f"{printable(path)}: does not exist", USAGE_ERROR)
    except OSError as error:  # a name too long, a loop of links, no permission to look
        _fail(f"{printable(path)}: cannot be read: {error.strerror or type(error).__name__}")
    if stat.S_ISDIR(mode):
        _fail(f"{printable(path)}: is a directory, not a file", USAGE_ERROR)
    return file


def _epilog() -> str:
    lines = "\n".join(f"  {status}  {meaning}" for status, meaning in EXIT_STATUSES)
    return (
        "\b\nExit statuses:\n"
        + lines
        + "\n\nDiagnostics (errors, problems, progress) go to standard error; "
        "standard output carries only the command's result."
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_epilog())
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
        _fail(f"{printable(path)}: {_one_line(error)}")


def _figures_from(path: str) -> AnnualReport:
    """Return the figures in file ``path``; an invalid file fails naming it and a problem."""
    try:
        return read_figures(_existing_file(path))
    except ValidationError as error:
        _fail(f"{printable(path)}: {_one_line(error, f'ikomodel check {path}')}")


def read_register_with_progress(file: Path, console: Any) -> Register:
    """Read a register file, drawing a progress bar on ``console`` for a large file on a terminal.

    The same as :func:`ikomodel.read_register` otherwise: same result, same errors
    (the library reads the file and chooses the format; it reports the bytes read).
    """
    return _with_progress(
        file, console, "reading", lambda progress: read_register_file(file, progress=progress)
    )


def _with_progress(
    file: Path, console: Any, verb: str, read: Callable[[Callable[[int], object] | None], _T]
) -> _T:
    """Run ``read``, with a progress bar of the bytes read for a large file on a terminal.

    ``read`` gets a function to call with the bytes read since its last call,
    or ``None`` where no bar is drawn.
    """
    try:
        size = file.stat().st_size
    except OSError:  # the reader says what is wrong
        size = 0
    if size <= LARGE_FILE or not console.is_terminal:
        return read(None)
    from rich.progress import (  # noqa: PLC0415 - rich is only needed on a terminal
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"{verb} {file.name}", total=size)
        return read(lambda done: progress.advance(task, done))


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
    help="Report year: any year the register covers, from its first to its last year with "
    "a record [default: the last].",
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
    _echo_notes(computed.notes(language), format_)
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
        _print_grids(computed, computed.tables.values(), format_, language, top)
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
    for name, value in (("--compare", against), ("--charts", charts_dir)):
        if value is not None:
            _fail(
                f"{printable(name)} shows exact counts; it cannot be combined with --suppress",
                USAGE_ERROR,
            )


def _echo_notes(notes: Sequence[str], format_: str) -> None:
    """Print a report's notes before its tables; on standard error for json and csv.

    Data formats stay data: their notes go to standard error.
    """
    if not notes:
        return
    if format_ in {"json", "csv"}:
        for note in notes:
            click.echo(f"ikomodel: note: {note}", err=True)
        return
    click.echo(notes_text(notes, markdown=format_ == "markdown"), nl=False)


def _print_grids(
    report: ReportLike, tables: Iterable[Any], format_: str, lang: Lang, top: int
) -> None:
    """Print tables as rich tables on a terminal, plain text when piped, or Markdown.

    A suppressed table's hidden figures show as 'x', absent ones as '—' (see
    ``grid``); categories are labelled as the taxonomy of the report year
    names them.
    """
    label = report_row_labels(report, suppressed_row_label)
    report_grids = [grid(t, lang=lang, top=top, label=label) for t in tables]
    if format_ == "markdown":
        click.echo(to_markdown(report_grids), nl=False)
        return
    console = _stdout_console()
    if console.is_terminal:
        draw(report_grids, console)
    else:
        click.echo(to_text(report_grids), nl=False)


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
    elif format_ == "json":
        document = suppressed_json(
            tables, year=published.year, threshold=threshold, protection=published.protection
        )
        click.echo(document)
    else:
        _print_grids(published, tables.values(), format_, lang, top)


def _write_charts(
    computed: AnnualReport, register: Register, directory: str, *, bundled: bool, lang: Lang
) -> None:
    """Write the charts; the contacts chart also shows the earlier years known."""
    from ikomodel.charts import write_charts  # noqa: PLC0415

    year = computed.year
    earlier = sorted(y for y in _years(register) if y < year and _has_contacts(register, y))
    history = list(annual_reports(register, years=earlier).values())
    if bundled:
        history += [published_figures(y) for y in published_years() if y < year]
    written = write_charts(computed, directory, history=history, lang=lang)
    click.echo(f"{printable(directory)}: {len(written)} chart files written", err=True)


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
    """The year to report on: ``year``, or the latest with records.

    Any year the register covers (from its earliest to its latest year with
    a record, see ``Register.years``) can be reported on.
    """
    years = register.years
    if not years:
        _fail(f"{printable(name)} holds no cases, contacts or mediation requests")
    if year is None:
        return years[-1]
    if year not in years:
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else f"{years[0]}"
        _fail(
            f"{printable(name)} has no cases, contacts or mediation requests of {year} "
            f"(it covers {span}); choose another --year"
        )
    return year


def _figures_of(against: str, year: int) -> AnnualReport:
    """The figures to compare a report of ``year`` with: the published ones, or a file."""
    if against == "published":
        return published_figures(year)
    figures = _figures_from(against)
    if figures.year != year:
        _fail(
            f"{printable(against)} holds the figures of {figures.year}, not of {year}; "
            f"report on {figures.year} with --year {figures.year}"
        )
    return figures


def _echo_differences(
    computed: AnnualReport, published: AnnualReport, lang: Lang, *, err: bool
) -> None:
    differences = compare(computed, published)
    if not differences:
        click.echo(phrase("no_differences", lang), err=err)
        return
    click.echo(phrase("differences", lang), err=err)
    for d in differences:
        computed_text = "-" if d.computed is None else d.computed
        difference = phrase("difference", lang, computed=computed_text, published=d.published)
        click.echo(f"  {d.figure.label(lang)}: {difference}", err=err)


def _lang(value: str) -> Lang:
    return "nl" if value == "nl" else "en"


def _select(computed: AnnualReport, only: Sequence[str]) -> AnnualReport:
    unknown = [slug for slug in only if slug not in TABLES]
    if unknown:
        _fail(f"no table {unknown[0]!r}; tables: " + ", ".join(TABLES), USAGE_ERROR)
    tables = {slug: table for slug, table in computed.tables.items() if slug in only}
    return AnnualReport(year=computed.year, tables=tables, taxonomies=computed.taxonomies)


@cli.command()
@click.argument("figures", nargs=-1, metavar="[FIGURES.json]...")
@click.option(
    "--published",
    type=int,
    multiple=True,
    metavar="YEAR",
    help="Check the published figures bundled for YEAR (e.g. 2021); repeatable, with or "
    "without files.",
)
@_lang_option
def check(figures: tuple[str, ...], published: tuple[int, ...], lang: str) -> None:
    """Reconcile published figures: list every place where they contradict themselves.

    FIGURES.json is a published-figures file (see `ikomodel schema figures`).
    A file that breaks the format has every problem listed on standard
    error, with its path, then one line naming the file.
    Otherwise one line per finding: a contradiction (figures that cannot all
    be true) or a gap (a total its stated parts do not fully explain). With
    the figures of several years (one file or --published YEAR each), every
    figure one of them quotes for another year is also compared with that
    year's own figures. Exits with status 1 when a file is invalid or there
    is a contradiction, 0 otherwise.

    \b
    Examples:
      ikomodel check --published 2021
      ikomodel check figures-2022.json --lang nl
      ikomodel check press-2020.json press-2021.json --published 2021
    """
    if not figures and not published:
        _fail("give FIGURES.json files or --published YEAR", USAGE_ERROR)
    language = _lang(lang)
    documents: list[tuple[str, AnnualReport]] = []
    invalid = False
    for name in figures:
        file = _existing_file(name)
        try:
            documents.append((name, read_figures(file)))
        except ValidationError as error:
            invalid = True
            for problem in error.problems:
                click.echo(f"{printable(name)}: {problem}", err=True)
            count = len(error.problems)
            listed = "1 problem" if count == 1 else f"{count:,} problems"
            click.echo(
                f"ikomodel: error: {printable(name)}: breaks the figures format ({listed} listed)",
                err=True,
            )
    for year in published:
        documents.append(
            (phrase("published_figures", language, year=year), published_figures(year))
        )
    if invalid:
        raise click.exceptions.Exit(FINDINGS)
    names: dict[int, str] = {}
    for name, document in documents:
        if document.year in names:
            _fail(
                f"{names[document.year]} and {name} both hold figures of {document.year}; "
                "give one document per year",
                USAGE_ERROR,
            )
        names[document.year] = name
    findings = reconcile_years(document for _, document in documents)
    prefix = len(documents) > 1
    contradictions = False
    for name, document in documents:
        found = findings[document.year]
        for finding in found:
            where = f"{printable(name)}: " if prefix else ""
            click.echo(f"{where}{finding.severity.label(language)}: {finding.message(language)}")
        if any(finding.severity is Severity.CONTRADICTION for finding in found):
            contradictions = True
            continue
        gaps = ""
        if found:
            key = "gap" if len(found) == 1 else "gaps"
            gaps = f" ({phrase(key, language, n=len(found))})"
        click.echo(phrase("no_contradictions", language, name=printable(name)) + gaps)
    if contradictions:
        raise click.exceptions.Exit(FINDINGS)


@cli.command()
@click.argument("register", metavar="REGISTER")
@click.option(
    "--max-problems",
    type=click.IntRange(min=0),
    default=MAX_PROBLEMS,
    show_default=True,
    help="Print at most this many problems, then how many more there are.",
)
def validate(register: str, max_problems: int) -> None:
    """Check a register file: print its problems with their line and path.

    Exits with status 1 when the file has any problem, 0 when it is valid.
    The problems go to standard error, like a file that cannot be read; a
    valid file's summary goes to standard output. REGISTER is a .json or
    .jsonl file (see `ikomodel schema register`). Both are checked as they
    are read, keeping no record (JSON Lines a block at a time, a .json
    document record by record): memory holds the ids and the problems
    printed, whatever the size of the file, and time grows with its size.
    """
    file = _existing_file(register)
    name = printable(register)
    found = _validate_with_progress(file, max_problems, _stderr_console())
    for problem in found.problems:
        click.echo(f"{name}: {problem}", err=True)
    if found.total:
        rest = found.total - len(found.problems)
        if rest:
            click.echo(
                f"{name}: and {rest} more problem{'s' if rest != 1 else ''} (see --max-problems)",
                err=True,
            )
        raise click.exceptions.Exit(FINDINGS)
    counts = found.counts
    click.echo(
        f"{name}: valid ({counts.get('cases', 0)} cases, "
        f"{counts.get('contacts', 0)} contacts, "
        f"{counts.get('mediation_requests', 0)} mediation requests)"
    )


def _validate_with_progress(file: Path, max_problems: int, console: Any) -> Any:
    """Check a register file, drawing a progress bar for a large file on a terminal."""
    return _with_progress(
        file,
        console,
        "checking",
        lambda progress: read_register_file(file, check=max_problems, progress=progress),
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
    "--cases",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Write exactly N cases in the proportions of the figures (for benchmarks): the "
    "register of the figures repeated with seeds derived from --seed, the last one cut to "
    "size. A progress bar on a terminal.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Where to write the register (.json or .jsonl).",
)
def synth(
    year: int | None, seed: int, figures_file: str | None, cases: int | None, output: str
) -> None:
    """Write a synthetic register whose annual report reproduces published figures.

    The register holds individual (fictitious) cases, children, contacts and
    mediation requests. Figures that contradict each other cannot all be met;
    they are listed on standard error. With --cases N the register holds
    exactly N cases instead, in the same proportions (its report is a
    multiple of the figures, not the figures themselves).

    \b
    Examples:
      ikomodel synth --year 2021 --seed 7 -o synthetic-2021.jsonl
      ikomodel synth --cases 1000000 --seed 1 -o million.jsonl
    """
    if figures_file is not None:
        figures = _figures_from(figures_file)
        if year is not None and figures.year != year:
            _fail(
                f"{printable(figures_file)} holds the figures of {figures.year}, "
                f"not of {year} (--year)"
            )
    else:
        figures = published_figures(2021 if year is None else year)
    if cases is not None:
        _synth_cases(figures, cases, seed, output)
        return
    result = synthesise(figures, seed=seed)
    write_register(result.register, output)
    _echo_written(output, result.register)
    if result.unmet:
        click.echo("Published figures not met (they contradict other figures):", err=True)
    for unmet in result.unmet:
        click.echo(
            f"  {unmet.figure.label()}: {unmet.computed} (published {unmet.published})", err=True
        )


def _counted(register: Register) -> str:
    """The records of a register, digits grouped: "12,345 cases, 20,123 contacts, ..."."""
    return (
        f"{format_number(len(register.cases))} cases, "
        f"{format_number(len(register.contacts))} contacts, "
        f"{format_number(len(register.mediation_requests))} mediation requests"
    )


def _echo_written(output: str, register: Register) -> None:
    click.echo(f"{output}: {_counted(register)}", err=True)


def _synth_cases(figures: AnnualReport, cases: int, seed: int, output: str) -> None:
    """Write a register of exactly ``cases`` cases, with a progress bar on a terminal."""
    console = _stderr_console()
    if not console.is_terminal:
        register = synthesise_cases(figures, cases, seed=seed)
    else:
        from rich.progress import (  # noqa: PLC0415 - rich is only needed on a terminal
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("building cases", total=cases)
            register = synthesise_cases(
                figures, cases, seed=seed, progress=lambda n: progress.advance(task, n)
            )
    write_register(register, output)
    _echo_written(output, register)


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
