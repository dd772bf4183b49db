from starlette.routing import Route

from core.auditlog import endpoints

routes = [Route("/admin/audit", endpoints.audit_list, name="audit_list")]
