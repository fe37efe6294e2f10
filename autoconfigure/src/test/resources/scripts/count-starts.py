# Counts how often it ran in this interpreter: startup scripts run once per application context.
started_count = globals().get('started_count', 0) + 1
