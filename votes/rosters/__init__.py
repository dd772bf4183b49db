"""居民名册: resident rosters — reading, checking and importing them, ID numbers as hashes."""
