"""Staff accounts and roles, managed by admins (人员与权限)."""
