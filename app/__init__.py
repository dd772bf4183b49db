"""The composition root: the app factory and its route table, home, 我的 and the 待我处理
inbox, demo orchestration, the open-data registry and the CLI. Nothing imports it."""
