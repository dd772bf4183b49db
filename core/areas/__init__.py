"""Areas (区域): the district › street/township › community/village tree."""
