"""The subcommands of ``allmodel`` other than ``screen``: validate, response, score,
dose, fhir, sources, options, regimens and schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

from allmodel.catalogue import CATALOGUE_IDS, default_ruleset
from allmodel.cli._common import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    Parser,
    UsageError,
    as_of_date,
    date_argument,
    load,
    one_line,
    print_error,
    print_internal,
    print_problems,
    worst,
)
from allmodel.cli._entries import STDIN, named_entries, read_stdin
from allmodel.clinical.regimens import REGIMENS, plan
from allmodel.clinical.response import (
    BLINATUMOMAB_TRIALS,
    CIBMTR_2010,
    ResponseAssessment,
    classify_response,
)
from allmodel.clinical.scores import pretransplant_score, prognostic_factors, second_salvage_factors
from allmodel.criteria import Option, Ruleset, load_criteria, ruleset_from_dict
from allmodel.errors import AllModelError, DocumentError, FhirError, ValidationError
from allmodel.io import dump_patient, patient_json_schema
from allmodel.io._documents import from_dict, read_json
from allmodel.io.fhir import patient_from_fhir, patient_to_fhir
from allmodel.model._patient import BsaMethod
from allmodel.pages import FORMATS, RulesetDiff, diff_options, diff_rulesets, option_page, render
from allmodel.sources import source, sources

__all__ = ["add_commands"]


_CRITERIA = {"blinatumomab_trials": BLINATUMOMAB_TRIALS, "cibmtr_2010": CIBMTR_2010}


def _cmd_validate(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    status = EXIT_OK
    entries, _ = named_entries(args.patients, _stdin(args))
    for entry in entries:
        try:
            patient = load(Path(entry.label), err, document=entry.document)
        except Exception as error:  # a bug: report this file, carry on with the others
            print_internal(entry.label, error, err)
            status = worst(status, EXIT_INTERNAL)
            continue
        if patient is None:
            status = worst(status, EXIT_INVALID)
        else:
            print(f"{entry.label}: valid", file=out)
    return status


def _stdin(args: argparse.Namespace) -> BinaryIO:
    stream: BinaryIO = args.stdin if args.stdin is not None else sys.stdin.buffer
    return stream


def _cmd_fhir(args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]) -> int:
    if args.fhir_command == "write":
        if args.patient == STDIN:
            patient = load(Path("stdin"), err, document=read_stdin(_stdin(args)))
        else:
            patient = load(Path(args.patient), err)
        if patient is None:
            return EXIT_INVALID
        print(json.dumps(patient_to_fhir(patient), indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    if args.fhir_command != "read":
        raise UsageError("give a subcommand: allmodel fhir read|write")
    as_of = as_of_date(args, err, today)
    from_stdin = args.bundle == STDIN
    try:
        read = patient_from_fhir(
            read_stdin(_stdin(args)) if from_stdin else Path(args.bundle), as_of=as_of
        )
    except (DocumentError, FhirError) as error:
        print_problems("stdin" if from_stdin else args.bundle, error, err)
        return EXIT_INVALID
    if args.format == "document":
        print(json.dumps(dump_patient(read.patient), indent=2, ensure_ascii=False), file=out)
    elif args.format == "json":
        document = {"patient": dump_patient(read.patient), "mapping": read.report.to_dict()}
        print(json.dumps(document, indent=2, ensure_ascii=False), file=out)
    else:
        print(read.report, file=out)
    return EXIT_OK


def _cmd_response(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    try:
        assessment = from_dict(ResponseAssessment, read_json(Path(args.assessment)))
    except DocumentError as error:
        print_problems(args.assessment, error, err)
        return EXIT_INVALID
    in_remission = {"yes": True, "no": False, "unknown": None}[args.in_remission]
    result = classify_response(
        assessment, criteria=_CRITERIA[args.criteria], in_remission=in_remission
    )
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2), file=out)
    else:
        print(str(result), file=out)
    return EXIT_OK


def _cmd_score(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    patient = load(Path(args.patient), err)
    if patient is None:
        return EXIT_INVALID
    as_of = as_of_date(args, err, today)
    try:
        scores = (
            pretransplant_score(patient, as_of=as_of),
            second_salvage_factors(patient, as_of=as_of),
        )
        factors = prognostic_factors(patient, as_of=as_of)
    except ValidationError as error:
        print_problems(args.patient, error, err)
        return EXIT_INVALID
    if args.format == "json":
        document = {
            "as_of": as_of.isoformat(),
            "scores": [score.to_dict() for score in scores],
            "factors": [factor.to_dict() for factor in factors],
        }
        print(json.dumps(document, indent=2), file=out)
    else:
        print("\n\n".join(str(score) for score in scores), file=out)
        print("\nprognostic factors:", file=out)
        for factor in factors:
            print(f"  {factor}", file=out)
    return EXIT_OK


def _cmd_dose(args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]) -> int:
    if args.regimen not in REGIMENS:
        raise UsageError(f"unknown regimen {args.regimen!r} (see 'allmodel regimens')")
    patient = load(Path(args.patient), err)
    if patient is None:
        return EXIT_INVALID
    try:
        dose_plan = plan(
            args.regimen,
            patient,
            start=args.start,
            cycle=args.cycle,
            variant=args.variant,
            bsa_method=BsaMethod(args.bsa_method),
            duration_days=args.duration_days,
            allow_withdrawn=args.allow_withdrawn,
            allow_incomplete=args.allow_incomplete,
        )
    except AllModelError as error:
        print_error(args.patient, error, err)
        return EXIT_INVALID
    if args.format == "json":
        print(json.dumps(dose_plan.to_dict(), indent=2), file=out)
    else:
        print(str(dose_plan), file=out)
    return EXIT_OK


def _cmd_regimens(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    width = max(len(regimen_id) for regimen_id in REGIMENS)
    for regimen in REGIMENS.values():
        availability = regimen.availability
        flag = f"  [withdrawn {availability.withdrawn_on}]" if availability.withdrawn_on else ""
        print(f"{regimen.id:<{width}}  {regimen.name}{flag}", file=out)
        print(f"{'':<{width}}  {'; '.join(regimen.citations)}", file=out)
    return EXIT_OK


def _cmd_options(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    if args.options_command == "show":
        return _options_show(args, out, err)
    if args.options_command == "diff":
        return _options_diff(args, out, err)
    ruleset = default_ruleset()
    print(
        f"ruleset {ruleset.name} {ruleset.version} (as of {ruleset.effective.isoformat()})",
        file=out,
    )
    width = max(len(option_id) for option_id in CATALOGUE_IDS)
    for option in ruleset.options:
        registry = f" [{', '.join(option.registry_ids)}]" if option.registry_ids else ""
        print(f"{option.id:<{width}}  {option.kind.value:<7}  {option.name}{registry}", file=out)
        print(f"{'':<{width}}           {'; '.join(option.citations)}", file=out)
    return EXIT_OK


def _options_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    ruleset = default_ruleset()
    if args.id not in ruleset.ids:
        raise UsageError(f"unknown option {args.id!r} (see 'allmodel options')")
    if args.format not in FORMATS:
        raise UsageError(
            f"option {args.id!r}: unknown --format {args.format!r} (allowed: {', '.join(FORMATS)})"
        )
    try:
        text = render(option_page(ruleset.option(args.id), ruleset=ruleset), args.format)
    except AllModelError as error:  # a citation the sources registry cannot resolve
        print(one_line(f"allmodel options show: {error}"), file=err)
        return EXIT_INVALID
    out.write(text)
    return EXIT_OK


def _criteria_side(name: str, err: TextIO) -> Ruleset | Option | None:
    """``default``, or a criteria JSON file: a ruleset document or one option's."""
    if name == "default":
        return default_ruleset()
    try:
        document = read_json(Path(name))
        if isinstance(document, dict) and "options" in document:
            ruleset: Ruleset = ruleset_from_dict(document)
            return ruleset
        return load_criteria(document if isinstance(document, dict) else Path(name))
    except DocumentError as error:
        print_problems(name, error, err)
        return None


def _counterpart(ruleset: Ruleset, option: Option) -> Option:
    if option.id not in ruleset.ids:
        raise UsageError(
            f"ruleset {ruleset.name} has no option {option.id!r} to compare with"
            " (compare two rulesets to see an option added or removed)"
        )
    return ruleset.option(option.id)


def _options_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    old = _criteria_side(args.old, err)
    new = _criteria_side(args.new, err)
    if old is None or new is None:
        return EXIT_INVALID
    diff: RulesetDiff
    if isinstance(old, Ruleset):
        if isinstance(new, Ruleset):
            diff = diff_rulesets(old, new)
        else:  # an option file against a ruleset: that option against its namesake
            diff = diff_options(_counterpart(old, new), new)
    elif isinstance(new, Ruleset):
        diff = diff_options(old, _counterpart(new, old))
    else:
        diff = diff_options(old, new)
    if args.format == "json":
        print(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False), file=out)
    else:
        print(_one_line_each(diff.to_text()), file=out)
    return EXIT_OK


def _one_line_each(text: str) -> str:
    return "\n".join(one_line(line) for line in text.split("\n"))


def _cmd_schema(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    print(json.dumps(patient_json_schema(), indent=2), file=out)
    return EXIT_OK


def _cmd_sources(
    args: argparse.Namespace, out: TextIO, err: TextIO, today: Callable[[], date]
) -> int:
    if args.id is None:
        width = max(len(entry.id) for entry in sources())
        for entry in sources():
            print(one_line(f"{entry.id:<{width}}  {entry.title}"), file=out)
        return EXIT_OK
    try:
        found = source(args.id)
    except AllModelError as error:  # a usage error, on one line
        print(one_line(f"allmodel sources: {error} (see 'allmodel sources')"), file=err)
        return EXIT_USAGE
    width = max(len(name) for name, _ in found.details())
    for name, text in found.details():
        print(f"{name + ':':<{width + 1}} {text}", file=out)
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """Adds every subcommand of this module."""
    validate_cmd = commands.add_parser("validate", help="check patient documents")
    validate_cmd.add_argument(
        "patients",
        nargs="+",
        help="patient JSON files, folders or globs; '-': documents on stdin (JSON Lines or one)",
    )
    validate_cmd.set_defaults(handler=_cmd_validate)

    response_cmd = commands.add_parser("response", help="classify a response assessment")
    response_cmd.add_argument("assessment")
    response_cmd.add_argument("--criteria", choices=tuple(_CRITERIA), default="blinatumomab_trials")
    response_cmd.add_argument("--in-remission", choices=("yes", "no", "unknown"), default="no")
    response_cmd.add_argument("--format", choices=("text", "json"), default="text")
    response_cmd.set_defaults(handler=_cmd_response)

    score_cmd = commands.add_parser("score", help="prognostic scores of a patient")
    score_cmd.add_argument("patient")
    score_cmd.add_argument("--as-of", type=date_argument)
    score_cmd.add_argument("--format", choices=("text", "json"), default="text")
    score_cmd.set_defaults(handler=_cmd_score)

    dose_cmd = commands.add_parser("dose", help="plan one cycle of a regimen")
    dose_cmd.add_argument("regimen")
    dose_cmd.add_argument("patient")
    dose_cmd.add_argument("--start", type=date_argument, required=True)
    dose_cmd.add_argument("--cycle", type=int, default=1)
    dose_cmd.add_argument("--variant")
    dose_cmd.add_argument("--bsa-method", choices=[m.value for m in BsaMethod], default="mosteller")
    dose_cmd.add_argument("--duration-days", type=int)
    dose_cmd.add_argument("--allow-incomplete", action="store_true")
    dose_cmd.add_argument("--allow-withdrawn", action="store_true")
    dose_cmd.add_argument("--format", choices=("text", "json"), default="text")
    dose_cmd.set_defaults(handler=_cmd_dose)

    fhir_cmd = commands.add_parser("fhir", help="read a FHIR R4 Bundle, or write a patient as one")
    fhir_cmd.set_defaults(handler=_cmd_fhir, fhir_command=None)
    fhir_sub = fhir_cmd.add_subparsers(dest="fhir_command", parser_class=Parser)
    read_cmd = fhir_sub.add_parser("read", help="a Bundle's mapping report or the patient read")
    read_cmd.add_argument(
        "bundle", help="a FHIR R4 Bundle, resource or list of resources (JSON); '-': stdin"
    )
    read_cmd.add_argument("--as-of", type=date_argument, help="the date read for (default: today)")
    read_cmd.add_argument(
        "--format",
        choices=("report", "json", "document"),
        default="report",
        help="the mapping report (text), report and patient (JSON), or the patient document",
    )
    write_cmd = fhir_sub.add_parser("write", help="a patient document as a FHIR R4 Bundle")
    write_cmd.add_argument("patient", help="a patient JSON document; '-': stdin")

    sources_cmd = commands.add_parser("sources", help="list the cited sources, or print one")
    sources_cmd.add_argument("id", nargs="?", help="a source id, e.g. review-ref-62")
    sources_cmd.set_defaults(handler=_cmd_sources)

    options_cmd = commands.add_parser(
        "options", help="list the therapies and trial archetypes; show one; diff rulesets"
    )
    options_cmd.set_defaults(handler=_cmd_options, options_command=None)
    options_sub = options_cmd.add_subparsers(dest="options_command", parser_class=Parser)
    show_cmd = options_sub.add_parser("show", help="one option's page")
    show_cmd.add_argument("id", help="an option id (see 'allmodel options')")
    show_cmd.add_argument("--format", default="text", help=f"one of {', '.join(FORMATS)}")
    diff_cmd = options_sub.add_parser("diff", help="what changed between two rulesets")
    diff_cmd.add_argument("old", help="a criteria JSON file (ruleset or option) or 'default'")
    diff_cmd.add_argument("new", help="a criteria JSON file (ruleset or option) or 'default'")
    diff_cmd.add_argument("--format", choices=("text", "json"), default="text")

    for name, handler, text in (
        ("regimens", _cmd_regimens, "list the regimen catalogue"),
        ("schema", _cmd_schema, "print the patient JSON Schema"),
    ):
        commands.add_parser(name, help=text).set_defaults(handler=handler)
