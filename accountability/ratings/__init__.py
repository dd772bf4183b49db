"""满意度评价: residents rate a finished project after acceptance (验收)."""
