"""The web portal: accounts, each role's pages and the /api/v1/ API over the typed service layer."""
