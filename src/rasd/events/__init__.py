"""PLOVER events: who did what to whom, where, when and for how much, with modality.

`events_stage` is the pipeline stage; the ontology, trigger lexicon, argument rules and modality
cues are data files under ``rasd/data/events``.
"""

from rasd.events.ontology import PLOVER_TYPES, cameo_root, ontology
from rasd.events.stage import events_stage

__all__ = ["events_stage", "ontology", "cameo_root", "PLOVER_TYPES"]
