"""Resolution: draft -> grounded, cross-referenced records. Pure; never imports the LLM layer."""

from .passes import (
    PASSES,
    PIPELINE,
    Context,
    Run,
    State,
    Step,
    certainty_from_cue,
    check_order,
    check_passes,
    key,
    labels,
    needs_repair,
    resolve,
    titled_person,
)

__all__ = ["PASSES", "PIPELINE", "Context", "Run", "State", "Step", "certainty_from_cue", "check_order",
           "check_passes", "key", "labels", "needs_repair", "resolve", "titled_person"]
