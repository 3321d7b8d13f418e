"""Webhooks: other systems hear when a commentary goes public, changes, is corrected or is
withdrawn.

The workflow pipeline (articles/workflow/pipeline.py) calls :func:`announce` on commit for every
step it records; ``events`` turns the step into what the public saw change (nothing for a
hidden article), ``delivery`` records one delivery per event and endpoint and sends it through
the task queue, signed by ``signing``.
"""

from .delivery import announce

__all__ = ["announce"]
