"""Applications and their moves: apply, fire, the audit listener, shared notices, timers, dossiers, desks."""
