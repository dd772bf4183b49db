"""Sealed ballots: election keys, Shamir shares, sealing, opening at the close (开箱)."""
