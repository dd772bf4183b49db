"""Votes: rosters, ballots, tally rules, results, award lists, Pabulib."""
