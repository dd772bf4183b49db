"""居民: resident rosters (居民名册: reading, checking, importing; ID numbers only as keyed
hashes), verification against them or in person, and who is eligible to take part."""
