"""Resolution: draft -> grounded, cross-referenced records. Pure; never imports the LLM layer."""

from .passes import (
    PASSES,
    Context,
    certainty_from_cue,
    check_passes,
    key,
    labels,
    needs_repair,
    resolve,
    titled_person,
)

__all__ = ["PASSES", "Context", "certainty_from_cue", "check_passes", "key", "labels",
           "needs_repair", "resolve", "titled_person"]
