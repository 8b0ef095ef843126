"""Getting a training approved: the sheet for the application ("Für den Fortbildungsantrag")
and the Merkliste, which compares offers and prints the sheet for several at once."""
