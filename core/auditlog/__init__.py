"""The audit log page for admins (审计日志)."""
