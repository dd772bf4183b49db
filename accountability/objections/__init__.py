"""异议: objections filed against an award list or one project while it is in publicity (公示)."""
