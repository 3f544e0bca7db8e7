"""`bowout advise`: what to consider before sending, from the same flags as `bowout write`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bowout.choices import Channel, Scenario, Tone
from bowout.cli.app import app
from bowout.cli.common import user_errors
from bowout.cli.write import (
    ChannelOpt,
    CompanyOpt,
    EmailOpt,
    FlexibilityOpt,
    ForwardOpt,
    InterviewAtOpt,
    InterviewerOpt,
    OtherRoleOpt,
    PhoneOpt,
    PriorChannelOpt,
    ReasonOpt,
    RecruiterOpt,
    ReferralOpt,
    RoleOpt,
    RoundsOpt,
    SenderOpt,
    StageOpt,
    ToEmailOpt,
    ToOpt,
    TopicOpt,
    request_fields,
)


@app.command(name="advise")
@user_errors
def advise_command(
    scenario: Annotated[
        Scenario | None,
        typer.Argument(
            help="The letter you plan to send, if you know (advice suggests one otherwise).",
            show_default=False,
        ),
    ] = None,
    reason: ReasonOpt = None,
    stage: StageOpt = None,
    rounds: RoundsOpt = None,
    recruiter: RecruiterOpt = None,
    prior_channel: PriorChannelOpt = None,
    flexibility: FlexibilityOpt = None,
    interview_at: InterviewAtOpt = None,
    channel: ChannelOpt = Channel.EMAIL,
    sender: SenderOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    to: ToOpt = None,
    to_email: ToEmailOpt = None,
    company: CompanyOpt = None,
    role: RoleOpt = None,
    interviewer: InterviewerOpt = None,
    topic: TopicOpt = None,
    looking_forward_to: ForwardOpt = None,
    other_role: OtherRoleOpt = None,
    referral: ReferralOpt = None,
    tone: Annotated[Tone | None, typer.Option("--tone", help="Register of the letter.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the items as JSON.")] = False,
) -> None:
    """Before you send: is the reason negotiable, should you call, who to tell first, which
    letter fits. Takes the same flags as `bowout write`; each item names the source it
    comes from and what in your situation led to it."""
    from bowout.advise import AdviceRequest, advise

    fields = request_fields(
        scenario=scenario, reason=reason, stage=stage, rounds=rounds, recruiter=recruiter,
        prior_channel=prior_channel, flexibility=flexibility, interview_at=interview_at,
        channel=channel, sender=sender, phone=phone, email=email, to=to, to_email=to_email,
        company=company, role=role, interviewer=interviewer, topic=topic,
        looking_forward_to=looking_forward_to, other_role=other_role, referral=referral,
        tone=tone,
    )  # fmt: skip
    items = advise(AdviceRequest.model_validate(fields))
    if as_json:
        # Sources are cited by title; the seed file name is internal.
        dumped = [item.model_dump(mode="json", exclude={"seed"}) for item in items]
        typer.echo(json.dumps(dumped, indent=2))
        return
    if not items:
        typer.echo("No advice for this situation: send the letter when you are ready.")
        return
    for number, item in enumerate(items, 1):
        typer.echo(f"{number}. {item.message}")
        typer.echo(f"   why: {item.because}; source: {item.source}")
