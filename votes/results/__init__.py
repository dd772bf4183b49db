"""Tally runs, results, award lists and their exports (计票结果与奖补名单)."""
