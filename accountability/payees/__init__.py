"""收款账户: each village collective's bank account that subsidies are paid into."""
