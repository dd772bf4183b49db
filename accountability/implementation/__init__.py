"""实施: funded projects' plans, milestones, photos and actual spend against the subsidy."""
