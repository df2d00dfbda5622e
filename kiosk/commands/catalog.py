"""``kiosk catalog list|show|search|validate``: the procedure catalog for technicians."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kiosk.catalog import (
    Catalog,
    Procedure,
    ProcedureIndex,
    format_vnd,
    load_catalog,
    shipped_catalog,
)
from kiosk.commands import SubParsers, say
from kiosk.errors import ConfigError


def register(commands: SubParsers) -> None:
    catalog = commands.add_parser("catalog", help="the catalog of procedures")
    actions = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="list procedures (optionally of one field/agency)")
    listing.add_argument("--sector", help="field id (lĩnh vực), e.g. ho-tich")
    listing.add_argument("--agency", help="agency id, e.g. ubnd-xa")
    _common(listing)
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help="one procedure: papers, fees, time, sources")
    show.add_argument("code", help="procedure code, e.g. 1.001193")
    _common(show)
    show.set_defaults(handler=_show)

    search = actions.add_parser("search", help="search as a citizen would type")
    search.add_argument("text", help='e.g. "ly lich tu phap"')
    _common(search)
    search.set_defaults(handler=_search)

    validate = actions.add_parser("validate", help="check a catalog file before publishing it")
    validate.add_argument("file", type=Path)
    validate.set_defaults(handler=_validate)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, help="catalog file (default: the shipped one)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _catalog(args: argparse.Namespace) -> Catalog:
    return load_catalog(args.catalog) if args.catalog else shipped_catalog()


def _brief(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name_vi": procedure.name.vi,
        "name_en": procedure.name.en,
        "sector": procedure.sector,
        "agency": procedure.agency,
        "processing": procedure.processing.describe("en"),
        "checked": procedure.legal.checked.isoformat(),
        "verified": procedure.legal.verified,
    }


def _list(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    procedures = ProcedureIndex(catalog).browse(args.sector, args.agency)
    if args.json:
        say(json.dumps([_brief(p) for p in procedures], ensure_ascii=False, indent=2))
        return 0
    say(f"catalog {catalog.version} ({len(procedures)} procedures)")
    for procedure in procedures:
        say(f"{procedure.code}  {procedure.name.vi}  [{procedure.processing.describe('vi')}]")
    return 0


def _procedure(catalog: Catalog, code: str) -> Procedure:
    try:
        return catalog.procedure(code)
    except KeyError:
        raise ConfigError(
            code, "no such procedure in this catalog", "see 'kiosk catalog list'"
        ) from None


def _show(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    procedure = _procedure(catalog, args.code)
    if args.json:
        say(procedure.model_dump_json(by_alias=True, exclude_none=True, indent=2))
        return 0
    agency = catalog.agency(procedure.agency)
    say(f"{procedure.code}  {procedure.name.vi}")
    say(f"    {procedure.name.en}")
    say(f"field:      {catalog.sector(procedure.sector).name.vi}")
    say(f"agency:     {agency.name.vi} ({procedure.level})")
    say(f"time:       {procedure.processing.describe('vi')}")
    for fee in procedure.fees:
        steps = [f"{format_vnd(t.amount_vnd)} from {fee.per} {t.from_unit}" for t in fee.tiers]
        price = ", ".join(steps) if steps else f"{format_vnd(fee.amount_vnd)} / {fee.per}"
        cap = f" (at most {format_vnd(fee.cap_vnd)})" if fee.cap_vnd is not None else ""
        say(f"fee:        {fee.label.vi}: {price}{cap}")
    for paper in procedure.papers:
        condition = " (if applicable)" if paper.show_if else ""
        optional = " (optional)" if not paper.required else ""
        say(f"paper:      {paper.name.vi} — {paper.form} × {paper.count}{condition}{optional}")
    say(f"questions:  {len(procedure.questions)}")
    say(f"result:     {procedure.result.vi} ({', '.join(procedure.delivery)})")
    legal = procedure.legal
    for basis in legal.basis:
        article = basis.article or "article not yet found"
        say(f"basis:      {basis.law}, {article}")
    state = "verified" if legal.verified else "NOT verified"
    say(f"checked:    {legal.checked:%Y-%m-%d}, {state}: {legal.note}")
    for source in procedure.sources:
        say(f"source:     {source.title} <{source.url}>")
    if procedure.unconfirmed:
        say(f"unconfirmed: {', '.join(procedure.unconfirmed)}")
    return 0


def _search(args: argparse.Namespace) -> int:
    hits = ProcedureIndex(_catalog(args)).search(args.text)
    if args.json:
        found = [{**_brief(h.procedure), "score": round(h.score, 3)} for h in hits]
        say(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        say("no procedure found")
    for hit in hits:
        say(f"{hit.score:5.2f}  {hit.procedure.code}  {hit.procedure.name.vi}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.file)
    unconfirmed = sum(1 for p in catalog.procedures if p.unconfirmed)
    verified = sum(1 for p in catalog.procedures if p.legal.verified)
    say(
        f"{args.file}: valid catalog {catalog.version} with {len(catalog.procedures)} procedures "
        f"({verified} verified, {unconfirmed} with unconfirmed facts)"
    )
    for procedure in catalog.procedures:
        missing = [b.law for b in procedure.legal.basis if b.article is None]
        if missing:
            say(f"  {procedure.code}: article not yet found for {'; '.join(missing)}")
    return 0
