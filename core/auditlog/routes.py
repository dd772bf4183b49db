from starlette.routing import Route

from core.auditlog import endpoints

routes = [
    Route("/admin/audit", endpoints.audit_list, name="audit_list"),
    Route("/admin/audit.csv", endpoints.audit_export, name="audit_export_csv"),
    Route("/admin/audit.xlsx", endpoints.audit_export, name="audit_export_xlsx"),
]
