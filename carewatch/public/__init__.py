"""The public site: the home page, finding a care service, a service's and a provider's page, market
figures and the feedback form. Views and templates only: every read and write is a domain call."""
