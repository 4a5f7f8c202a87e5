"""The export screen: the dataset export dialog and its runner."""
