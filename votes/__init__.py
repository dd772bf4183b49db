"""Votes: ballot boxes, ballots (online, paper, village meeting), tally rules, results,
award lists, Pabulib."""
