"""Projects: budgeting processes and their phases, proposals, review, supports (附议) and the
village-meeting record (项目提案)."""
