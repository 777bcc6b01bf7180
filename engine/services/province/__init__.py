"""The provincial round: liaison receipts, provincial overlays, and the province's report package to CNIPA."""
