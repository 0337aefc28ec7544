"""Demo data for the Haut-Jura Saint-Claude territory (plain Python, no database)."""
