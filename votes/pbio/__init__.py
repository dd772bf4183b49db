"""Pabulib ↔ database: a ``.pb`` file as a process with its ballots, and back.

``yishi pb import FILE.pb`` makes a finished process (phase tallying) from a file;
``yishi pb export PROCESS`` writes a process's ballots as an anonymised file, once voting has
closed. :func:`election_of` builds the tally input from a box's stored ballots.

An imported voter's receipt is the text ``pabulib:<process id>:<voter id of the original
file>`` (e.g. ``pabulib:12:E1080126``); its SHA-256 in lowercase hex is the ballot's receipt
hash, which the receipt checker finds. (The original file is public already, so this links
nothing new to anyone.) The export numbers its voters 1..n in the counted table's order,
never by receipt: a receipt proves a ballot was counted, not what it says
(see :mod:`votes.sealing`).
"""

from votes.pbio.election import election_of
from votes.pbio.exporting import ExportRefused, pb_export
from votes.pbio.importing import ImportReport, pb_import
from votes.pbio.mapping import ImportRefused

__all__ = [
    "ExportRefused",
    "ImportRefused",
    "ImportReport",
    "election_of",
    "pb_export",
    "pb_import",
]
