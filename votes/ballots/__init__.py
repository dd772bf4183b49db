"""Ballots (选票): casting, secrecy, paper ballots, meeting totals."""
