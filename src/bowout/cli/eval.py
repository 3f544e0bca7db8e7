"""`bowout eval`: measure the LLM layer against a live endpoint with a fixed request set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bowout.cli.application import app
from bowout.cli.common import user_errors
from bowout.cli.options import NO_FLAGS, Flags, table_options
from bowout.fields import BY_NAME


@app.command(name="eval")
@user_errors
@table_options(*(BY_NAME[name] for name in ("model", "base_url", "timeout")))
def evaluate(
    flags: Flags = NO_FLAGS,
    requests: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            help="JSONL of requests (fields plus an 'id'); default: the bundled set.",
            exists=True,
            dir_okay=False,
            metavar="FILE",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every result and the totals as JSON.")
    ] = False,
) -> None:
    """Run a fixed set of requests through the model and report, per request and in total:
    accepted first try, after the reask, or fell back; names and topic kept; private
    reason leaked; how much the draft changed; conventions and notes kept; latency and
    tokens. Needs OPENAI_API_KEY or --base-url."""
    from bowout.evaluation import format_result, format_totals, load_cases, run_eval, totals
    from bowout.settings import LLMSettings

    settings = LLMSettings.from_env(**flags.llm)
    text = requests.read_text(encoding="utf-8") if requests is not None else None
    cases = load_cases(text)
    show = None if as_json else (lambda result: typer.echo(format_result(result)))
    results = run_eval(cases, settings, on_result=show)
    summary = totals(results)
    if as_json:
        import json

        payload = {
            "model": settings.model,
            "endpoint": settings.endpoint,
            "results": [r.model_dump() for r in results],
            "totals": summary.model_dump(),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        typer.echo("")
        typer.echo(format_totals(summary, settings))
