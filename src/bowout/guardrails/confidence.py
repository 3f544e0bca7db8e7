"""How sure a finding is, and when a judgement is only a warning.

Every finding says how sure the check is (`Finding.confidence`): 1.0 for a fact the check
measured (a word count, an invisible character, a missing greeting); for a rule's judgement
of what a sentence means, the share of the development letters it flagged that were bad
(its measured precision, smoothed so that it is never certain); for the learned model, its
probability. A learned reading just over the model's threshold is more often wrong than
right on development letters, so it is a warning, not an error. The figures and the band
live in data/confidence.toml, written by `training/finding_precision.py --write` from the
development corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from bowout.guardrails.datafiles import read_toml
from bowout.models import Finding

Severity = Literal["error", "warning"]


def rule_key(finding: Finding) -> str:
    """The rule a finding comes from: its check, and for a negative reason its category
    ("negative-reason (pay)"), else its message ("courteous: rude or dismissive")."""
    if finding.check == "negative-reason":
        return finding.message.split(":", 1)[0].replace("gives a negative reason", finding.check)
    return f"{finding.check}: {finding.message}"


@dataclass(frozen=True)
class Sureness:
    band: float  # a learned reading under threshold + band is a warning
    precision: dict[str, float]  # rule_key -> share of flagged development letters that were bad

    @classmethod
    def load(cls, data: dict[str, Any]) -> Sureness:
        band = float(data["learned"]["band"])
        if not 0.0 <= band < 1.0:
            raise ValueError("confidence.toml: [learned] band must be in [0, 1)")
        precision = {str(k): float(v) for k, v in data["precision"].items()}
        if any(not 0.0 <= v <= 1.0 for v in precision.values()):
            raise ValueError("confidence.toml: every precision must be in [0, 1]")
        return cls(band=band, precision=precision)

    def learned_severity(self, probability: float, threshold: float) -> Severity:
        return "warning" if probability < threshold + self.band else "error"

    def rated(self, finding: Finding) -> Finding:
        """The finding with its rule's measured precision as its confidence; a finding that
        already carries a probability, or a fact, is returned as it is."""
        if finding.confidence < 1.0:
            return finding
        measured = self.precision.get(rule_key(finding))
        if measured is None:
            return finding
        return finding.model_copy(update={"confidence": measured})


def load_figures() -> dict[str, Any]:
    return read_toml("confidence.toml")


@cache
def default() -> Sureness:
    """The figures from the packaged data file, read once per process."""
    return Sureness.load(load_figures())
