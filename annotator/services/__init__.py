"""Use cases, each one transaction: import, export, coding commands, assists, review. No Qt."""
