"""Team coding in the app: the queue bar, Project > Assign…, View > Progress, live changes."""
