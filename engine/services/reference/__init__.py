"""Reference data the offices load: organisations and rosters, pilot lists and earlier recognitions, holidays."""
