"""领导信箱 · 诉求办理: letters to the officials of an area, handled within working-day
deadlines, escalated when late, rated by the writer, counted in public."""
