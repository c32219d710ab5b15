"""Clinical logic: the daily programme, prescriptions, progress and norms, protocols, reports and export.
No pygame here: every screen and command reads these as data."""
