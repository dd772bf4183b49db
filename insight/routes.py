from starlette.routing import Route

from core.routing import PublicRead
from insight import endpoints

routes = [
    PublicRead("/dashboard", endpoints.dashboard_page, name="dashboard"),
    PublicRead("/dashboard.xlsx", endpoints.dashboard_xlsx, name="dashboard_xlsx"),
    Route("/desk/dashboard", endpoints.staff_dashboard, name="staff_dashboard"),
]
