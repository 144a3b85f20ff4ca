"""The capacity pages under /capacity/ (namespace ``capacity``): contracts and vacancies for council staff,
the vacancy return for a provider's staff. One module per subject."""
