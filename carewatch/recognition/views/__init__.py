"""The recognition staff pages, one module each: the Social Care Commitment (``commitment``), the quality
mark (``quality_mark``), peer support (``peer``) and improvement offers (``offers``)."""
