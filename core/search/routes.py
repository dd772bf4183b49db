from core.routing import PublicRead
from core.search import endpoints

# The same answer for every anonymous visitor: kept by the page cache, which any write to
# search_document (a model table: core.pagecache.triggers) empties.
routes = [PublicRead("/search", endpoints.search_page, name="search")]
