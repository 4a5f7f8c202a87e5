"""Pure domain rules: models, codebook, ACLED derivations, offsets. No Qt, no database."""
