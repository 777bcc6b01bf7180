"""Who uses the portal: accounts, sessions and tokens, log-in limits, who manages whose account, the message centre."""
