"""Resolution: draft -> grounded, cross-referenced records. Pure; never imports the LLM layer."""

from .passes import Context, certainty_from_cue, key, labels, needs_repair, resolve, titled_person

__all__ = ["Context", "certainty_from_cue", "key", "labels", "needs_repair", "resolve",
           "titled_person"]
