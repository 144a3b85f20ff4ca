"""The recognition staff pages: the Social Care Commitment (``commitment``). Quality marks and peer support
will have modules of their own beside it."""
