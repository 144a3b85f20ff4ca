"""Demo and scale data: the synthetic England generator, demo organisations and users, and believable
monitoring records, with the ``generate`` and ``setup-demo`` commands.

An interface app: it writes through the domain apps' services and nothing imports it.
"""
