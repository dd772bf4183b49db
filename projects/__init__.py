"""Projects: budgeting processes, proposals, review, comments, supports (项目提案)."""
