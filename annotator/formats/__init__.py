"""File readers and writers. They know nothing of the database and nothing of Qt."""
