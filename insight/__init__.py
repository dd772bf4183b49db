"""数据看板: the district's indicators, drill-down 区 → 街道 → 村, kept by database triggers."""
