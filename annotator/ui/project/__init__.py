"""Project screens and dialogs: new, open and connect, recent projects, import."""
