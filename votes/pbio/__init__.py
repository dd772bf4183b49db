"""Pabulib ↔ database: a ``.pb`` file as a process with its ballots, and back.

``yishi pb import FILE.pb`` makes a finished process (phase tallying) from a file;
``yishi pb export PROCESS`` writes a process's ballots as an anonymised file, once voting has
closed. :func:`election_of` builds the tally input from a box's stored ballots.

Checking an imported ballot: an imported voter's receipt is the text
``pabulib:<process id>:<voter id of the original file>`` (e.g. ``pabulib:12:E1080126``); its
SHA-256 in lowercase hex is the ballot's receipt hash, and the ``voter_id`` of that ballot in
``yishi pb export <process id>``. Anyone holding the original file can therefore recompute
every hash, e.g. ``printf 'pabulib:12:E1080126' | sha256sum``, and find the same ballot in the
export. (The original file is public already, so this links nothing new to anyone.) Ballots
cast in Yishi itself carry a random receipt code instead: the hash of that code is the
``voter_id`` (see :mod:`votes.ballots.secrecy`).
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
